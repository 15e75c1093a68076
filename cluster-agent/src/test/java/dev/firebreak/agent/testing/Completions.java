package dev.firebreak.agent.testing;

import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;

/** The OpenAI completion requests the tests send to a node or through an agent's gateway. */
public final class Completions {

    public static final MediaType JSON = MediaType.get("application/json");
    /** One client for the tests that talk to a node or an agent: it waits up to 30 s for an answer to begin. */
    public static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

    private Completions() {
    }

    /** A {@code POST /v1/completions} to the server at {@code baseUrl}, answered whole (not streamed). */
    public static Request request(String baseUrl, String model, String prompt, int maxTokens) {
        String body = Json.mapper().createObjectNode().put("model", model).put("prompt", prompt).put("max_tokens", maxTokens)
                .toString();
        return new Request.Builder().url(baseUrl + "/v1/completions").post(RequestBody.create(body, JSON)).build();
    }

    /** Sends {@code request} and reads its answer to the end: the HTTP status, or -1 when no answer came. */
    public static int status(OkHttpClient http, Request request) {
        try (Response r = http.newCall(request).execute()) {
            r.body().string();
            return r.code();
        } catch (IOException e) {
            return -1;
        }
    }
}
