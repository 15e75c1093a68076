package dev.firebreak.lab.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;

/** Sends one OpenAI request and classifies how it ended, as a client would see it. */
final class OpenAiCall {

    /** Header the agent's gateway sets naming the node that served a request. */
    static final String NODE_HEADER = "X-Firebreak-Node";
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final String baseUrl;

    OpenAiCall(OkHttpClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = normalize(baseUrl);
    }

    /** {@code http://host:port} from any of {@code http://host:port}, {@code .../}, {@code .../v1}. */
    static String normalize(String url) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return u.endsWith("/v1") ? u.substring(0, u.length() - 3) : u;
    }

    RequestResult send(RequestShape shape, long dueNanos) {
        Request request = new Request.Builder()
                .url(baseUrl + (shape.chat() ? "/v1/chat/completions" : "/v1/completions"))
                .post(RequestBody.create(body(shape), JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            String node = response.header(NODE_HEADER);
            if (response.code() != 200) {
                Outcome outcome = response.code() == 429 ? Outcome.SHED : Outcome.ERROR;
                return result(shape, dueNanos, outcome, response.code(), errorCode(response), -1, node, null);
            }
            return shape.stream() ? readStream(shape, dueNanos, response, node) : readWhole(shape, dueNanos, response, node);
        } catch (IOException e) {
            return result(shape, dueNanos, Outcome.ERROR, 0, clientErrorCode(e, false), -1, null, null);
        }
    }

    private static byte[] body(RequestShape shape) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", shape.model());
        if (shape.chat()) {
            body.putArray("messages").addObject().put("role", "user").put("content", shape.prompt());
        } else {
            body.put("prompt", shape.prompt());
        }
        body.put("max_tokens", shape.maxTokens());
        body.put("seed", shape.seed());
        body.put("stream", shape.stream());
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    private RequestResult readWhole(RequestShape shape, long dueNanos, Response response, String node) throws IOException {
        String text = response.body().string();
        JsonNode finish;
        try {
            finish = Json.mapper().readTree(text).path("choices").path(0).path("finish_reason");
        } catch (IOException e) {
            return result(shape, dueNanos, Outcome.ERROR, 200, "malformed_response", -1, node, null);
        }
        boolean finished = finish.isTextual() && !finish.asText().isEmpty();
        return result(shape, dueNanos, finished ? Outcome.OK : Outcome.TRUNCATED, 200, null, -1, node,
                finished ? finish.asText() : null);
    }

    private RequestResult readStream(RequestShape shape, long dueNanos, Response response, String node) {
        StreamReader reader = new StreamReader();
        EventSources.processResponse(response, reader);
        long ttft = reader.firstTextNanos == 0 ? -1 : (reader.firstTextNanos - dueNanos) / 1000;
        if (reader.failure != null) {
            return result(shape, dueNanos, Outcome.ERROR, 200, clientErrorCode(reader.failure, true), ttft, node, null);
        }
        if (reader.errorCode != null) {
            return result(shape, dueNanos, Outcome.ERROR, 200, reader.errorCode, ttft, node, null);
        }
        Outcome outcome = reader.done && reader.finishReason != null ? Outcome.OK : Outcome.TRUNCATED;
        return result(shape, dueNanos, outcome, 200, null, ttft, node, reader.finishReason);
    }

    private static RequestResult result(RequestShape shape, long dueNanos, Outcome outcome, int status, String code,
                                        long ttftMicros, String node, String finishReason) {
        long latency = (System.nanoTime() - dueNanos) / 1000;
        return new RequestResult(shape.model(), shape.stream(), dueNanos, outcome, status, code, ttftMicros, latency, node,
                finishReason);
    }

    private static String errorCode(Response response) {
        try {
            JsonNode code = Json.mapper().readTree(response.body().string()).path("error").path("code");
            return code.isTextual() ? code.asText() : "http_" + response.code();
        } catch (IOException e) {
            return "http_" + response.code();
        }
    }

    static String clientErrorCode(Throwable e, boolean midStream) {
        if (e instanceof InterruptedIOException) {
            return "timeout";
        }
        if (e instanceof ConnectException) {
            return "connection_refused";
        }
        return midStream ? "connection_lost" : "connection_failed";
    }

    /** Follows one SSE stream: text seen, error events, the finish reason and {@code [DONE]}. */
    private static final class StreamReader extends EventSourceListener {
        long firstTextNanos;
        boolean done;
        String finishReason;
        String errorCode;
        Throwable failure;

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            if ("[DONE]".equals(data.trim())) {
                done = true;
                return;
            }
            JsonNode event;
            try {
                event = Json.mapper().readTree(data);
            } catch (IOException e) {
                errorCode = "malformed_event";
                return;
            }
            if (event.has("error")) {
                JsonNode code = event.path("error").path("code");
                errorCode = code.isTextual() ? code.asText() : "stream_error";
                return;
            }
            JsonNode choice = event.path("choices").path(0);
            String text = choice.has("delta") ? choice.path("delta").path("content").asText("") : choice.path("text").asText("");
            if (!text.isEmpty() && firstTextNanos == 0) {
                firstTextNanos = System.nanoTime();
            }
            JsonNode finish = choice.path("finish_reason");
            if (finish.isTextual() && !finish.asText().isEmpty()) {
                finishReason = finish.asText();
            }
        }

        @Override
        public void onFailure(EventSource source, Throwable t, Response response) {
            failure = t == null ? new IOException("stream failed") : t;
        }
    }
}
