package dev.firebreak.agent.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming read of an answer says what a read of the whole JSON tree says, for answers, stream events and odd shapes. */
class AnswerTextTest {

    @ParameterizedTest
    @ValueSource(strings = {
            // answers and events as engines send them
            "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"text\":\"Hello\",\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8}}",
            "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hi there\"},\"finish_reason\":\"stop\"}],\"usage\":{\"total_tokens\":12}}",
            "{\"choices\":[{\"delta\":{\"content\":\" world\"},\"finish_reason\":null}]}",
            "{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}",
            "{\"choices\":[],\"usage\":{\"total_tokens\":40}}",
            "{\"choices\":[{\"text\":\"\",\"finish_reason\":\"stop\"}]}",
            "{\"error\":{\"message\":\"out of memory\",\"type\":\"server_error\",\"code\":\"kv_exhausted\"}}",
            "{\"error\":null}",
            // shapes the counters must not trip on
            "{\"choices\":[{\"message\":null,\"delta\":{\"content\":\"x\"},\"text\":\"y\"}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"x\"},\"text\":\"y\"}]}",
            "{\"choices\":[{\"text\":\"y\",\"message\":{\"content\":\"\"}}]}",
            "{\"choices\":[\"oops\",{\"text\":\"second\"}]}",
            "{\"choices\":[{\"text\":\"first\"},{\"text\":\"\",\"finish_reason\":\"stop\"}]}",
            "{\"choices\":[{\"text\":12,\"finish_reason\":7}]}",
            "{\"choices\":[{\"text\":{\"nested\":[1,2,{\"text\":\"deep\"}]},\"finish_reason\":\"stop\"}]}",
            "{\"choices\":{\"text\":\"not an array\"}}",
            "{\"usage\":{\"total_tokens\":-5}}",
            "{\"usage\":{\"total_tokens\":12.0}}",
            "{\"usage\":{\"total_tokens\":\"12\"}}",
            "{\"usage\":{\"total_tokens\":123456789012345678901234567890}}",
            "{\"usage\":[1,2,3],\"extra\":{\"choices\":[{\"text\":\"ignored\"}]}}",
            "{\"usage\":{\"total_tokens\":1},\"usage\":{\"total_tokens\":9}}",
            "{\"meta\":[[[]]],\"choices\":[[{\"text\":\"in an array\"}]]}",
            "{}",
            "[{\"choices\":[{\"text\":\"an array\"}]}]",
            "\"just a string\"",
            "42",
    })
    void shouldSayWhatTheWholeTreeSays(String body) throws IOException {
        AnswerText expected = fromTree(Json.mapper().readTree(body));

        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(AnswerText.read(bytes)).isEqualTo(expected);
        byte[] inALine = ("data: " + body + "  ").getBytes(StandardCharsets.UTF_8);
        assertThat(AnswerText.read(inALine, 6, bytes.length)).as("read from within a line").isEqualTo(expected);
    }

    @Test
    void shouldReadAChatAnswer() throws IOException {
        AnswerText answer = AnswerText.read(("{\"choices\":[{\"message\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"total_tokens\":12}}").getBytes(StandardCharsets.UTF_8));

        assertThat(answer).isEqualTo(new AnswerText(true, "stop", 12, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"choices\":[{\"text\":\"cut", "{\"choices\":[{\"text\":\"a\"}", "{\"a\":", "not json"})
    void shouldRefuseWhatIsNotWholeJson(String body) {
        assertThatThrownBy(() -> AnswerText.read(body.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }

    /** The oracle: the reading of the whole tree the gateway did before, member by member. */
    private static AnswerText fromTree(JsonNode body) {
        if (!body.isObject()) {
            return AnswerText.NOTHING;
        }
        JsonNode choice = body.path("choices").path(0);
        JsonNode text = choice.has("message") ? choice.path("message").path("content")
                : choice.has("delta") ? choice.path("delta").path("content") : choice.path("text");
        JsonNode reason = choice.path("finish_reason");
        JsonNode total = body.path("usage").path("total_tokens");
        return new AnswerText(text.isTextual() && !text.asText().isEmpty(), reason.isTextual() ? reason.asText() : null,
                total.canConvertToLong() ? Math.max(0, total.asLong()) : 0, body.has("error"));
    }
}
