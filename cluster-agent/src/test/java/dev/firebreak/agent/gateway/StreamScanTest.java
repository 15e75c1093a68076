package dev.firebreak.agent.gateway;

import okio.Buffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Following a relayed stream: its lines as they came, and what its events say. */
class StreamScanTest {

    @Test
    void shouldSplitLinesAsReadUtf8LineDoes() throws IOException {
        String stream = "data: {\"a\":1}\n\ndata: é 字 😀\r\n\r\nlast without an end";

        assertThat(lines(stream)).containsExactly("data: {\"a\":1}", "", "data: é 字 😀", "", "last without an end");
        assertThat(lines("")).isEmpty();
        assertThat(lines("\n\n")).containsExactly("", "");
    }

    @Test
    void shouldTellWhetherAWholeLineWasReceivedWithoutReadingMore() throws IOException {
        Buffer received = new Buffer().writeUtf8("data: {}\n\ndata: {\"choi");

        assertThat(StreamScan.hasLine(received)).isTrue();
        assertThat(StreamScan.nextLine(received)).isEqualTo("data: {}".getBytes(StandardCharsets.UTF_8));
        assertThat(StreamScan.hasLine(received)).as("the blank line that ends the event").isTrue();
        assertThat(StreamScan.nextLine(received)).isEmpty();
        assertThat(StreamScan.hasLine(received)).as("half a line: the relay flushes before it waits for the rest").isFalse();
        assertThat(received.size()).as("nothing read").isEqualTo("data: {\"choi".length());
    }

    @Test
    void shouldFollowAStreamToItsDone() throws IOException {
        StreamScan scan = scan("""
                data: {"choices":[{"delta":{"role":"assistant"}}]}

                data: {"choices":[{"delta":{"content":"Hi"}}]}

                data: {"choices":[{"delta":{},"finish_reason":"length"}],"usage":{"total_tokens":21}}

                data:[DONE]\t
                """);

        assertThat(scan.done()).isTrue();
        assertThat(scan.anyText()).isTrue();
        assertThat(scan.finishReason()).isEqualTo("length");
        assertThat(scan.totalTokens()).isEqualTo(21);
        assertThat(scan.errorEvent()).isFalse();
    }

    @Test
    void shouldTellAnErrorEventAndAStreamCutShort() throws IOException {
        StreamScan error = scan("data: {\"choices\":[{\"text\":\"a\"}]}\n\ndata: {\"error\":{\"code\":\"kv_exhausted\"}}\n\n");
        StreamScan cut = scan("data: {\"choices\":[{\"text\":\"\"}]}\n\ndata: {\"choices\":[{\"te");

        assertThat(error.errorEvent()).isTrue();
        assertThat(error.done()).isFalse();
        assertThat(cut.done()).isFalse();
        assertThat(cut.errorEvent()).isFalse();
        assertThat(cut.anyText()).as("an empty text is no text, and a cut event is not read").isFalse();
    }

    @Test
    void shouldIgnoreWhatIsNotData() throws IOException {
        StreamScan scan = scan(": a comment [DONE]\nevent: message\nid: 7\ndat: [DONE]\ndata: not json\n\n");

        assertThat(scan.done()).isFalse();
        assertThat(scan.errorEvent()).isFalse();
        assertThat(scan.anyText()).isFalse();
    }

    private static StreamScan scan(String stream) throws IOException {
        Buffer source = new Buffer().writeUtf8(stream);
        StreamScan scan = new StreamScan();
        for (byte[] line; (line = StreamScan.nextLine(source)) != null; ) {
            scan.line(line);
        }
        return scan;
    }

    private static List<String> lines(String stream) throws IOException {
        Buffer source = new Buffer().writeUtf8(stream);
        List<String> lines = new ArrayList<>();
        for (byte[] line; (line = StreamScan.nextLine(source)) != null; ) {
            lines.add(new String(line, StandardCharsets.UTF_8));
        }
        Buffer check = new Buffer().writeUtf8(stream);
        List<String> expected = new ArrayList<>();
        for (String line; (line = check.readUtf8Line()) != null; ) {
            expected.add(line);
        }
        assertThat(lines).as("as okio's readUtf8Line").isEqualTo(expected);
        return lines;
    }
}
