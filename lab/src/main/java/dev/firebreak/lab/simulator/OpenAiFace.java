package dev.firebreak.lab.simulator;

import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;
import dev.firebreak.node.http.Json;
import dev.firebreak.node.openai.CompletionRequest;
import dev.firebreak.node.openai.OpenAiBodies;
import dev.firebreak.node.openai.OpenAiErrors;
import dev.firebreak.node.openai.RequestReader;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated node's OpenAI API: {@code /v1/models}, {@code /v1/completions} and
 * {@code /v1/chat/completions}, whole or streamed, answered after the latency its model draws and at
 * its token rate, with its error rate and its behaviour (a stalled node holds the request, a
 * truncating one cuts the answer). Requests are read as the node and the gateway read them.
 */
final class OpenAiFace {

    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final int DEFAULT_MAX_TOKENS = 64;
    /** How long a stalled node holds a request before it gives up on it. */
    private static final long STALL_HOLD_MILLIS = 120_000;
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, ModelSim> models;
    private final double tokensPerSecond;
    private final long createdSeconds;
    private final AtomicLong ids = new AtomicLong();

    OpenAiFace(Map<String, ModelSim> models, double tokensPerSecond, long createdSeconds) {
        this.models = models;
        this.tokensPerSecond = tokensPerSecond;
        this.createdSeconds = createdSeconds;
    }

    void models(Exchange exchange) throws IOException {
        List<Map<String, Object>> data = models.keySet().stream().map(id -> Map.<String, Object>of("id", id, "object", "model",
                "created", createdSeconds, "owned_by", "firebreak-simulator")).toList();
        exchange.json(200, Map.of("object", "list", "data", data));
    }

    void chat(Exchange exchange) throws IOException {
        complete(exchange, true);
    }

    void completions(Exchange exchange) throws IOException {
        complete(exchange, false);
    }

    private void complete(Exchange exchange, boolean chat) throws IOException {
        CompletionRequest request = RequestReader.read(exchange.body(MAX_BODY_BYTES), chat);
        ModelSim model = models.get(request.model());
        if (model == null) {
            throw OpenAiErrors.modelNotFound(request.model(), List.copyOf(models.keySet()));
        }
        int maxTokens = request.maxTokens() != null ? request.maxTokens()
                : request.maxCompletionTokens() != null ? request.maxCompletionTokens() : DEFAULT_MAX_TOKENS;
        ModelSim.Answer answer = model.draw(maxTokens);
        model.started();
        try {
            if (model.behaviour() == Behaviour.STALLED) {
                sleep(STALL_HOLD_MILLIS / 1000.0);
                throw new HttpError(503, "stalled", "the simulated engine made no progress for " + STALL_HOLD_MILLIS + " ms");
            }
            if (answer.error()) {
                sleep(answer.e2eSeconds());
                throw new HttpError(500, "simulated_error", "simulated engine error (error rate of this simulator)");
            }
            String id = (chat ? "chatcmpl-sim-" : "cmpl-sim-") + ids.incrementAndGet();
            OpenAiBodies envelope = new OpenAiBodies(id, request.model(), System.currentTimeMillis() / 1000, chat);
            if (Boolean.TRUE.equals(request.stream())) {
                stream(exchange, envelope, answer, model.behaviour() == Behaviour.TRUNCATING);
            } else {
                sleep(answer.e2eSeconds());
                exchange.json(200, envelope.whole(text(answer.outputTokens()), answer.finishReason(), ModelSim.PROMPT_TOKENS,
                        answer.outputTokens()));
            }
        } finally {
            model.finished(answer);
        }
    }

    private void stream(Exchange exchange, OpenAiBodies envelope, ModelSim.Answer answer, boolean cut) throws IOException {
        sleep(answer.ttftSeconds());
        try (OutputStream out = exchange.stream(200, "text/event-stream")) {
            if (envelope.chat()) {
                event(out, envelope.roleChunk());
            }
            int tokens = answer.outputTokens();
            int sent = cut ? Math.max(1, tokens / 2) : tokens;
            for (int i = 0; i < sent; i++) {
                event(out, envelope.textChunk(i == 0 ? "tok" : " tok"));
                if (tokensPerSecond > 0 && i + 1 < sent) {
                    sleep(1 / tokensPerSecond);
                }
            }
            if (cut) {
                return; // no final chunk, no [DONE]: a cut stream
            }
            event(out, envelope.finalChunk(answer.finishReason(), ModelSim.PROMPT_TOKENS, answer.outputTokens()));
            out.write(DONE);
            out.flush();
        }
    }

    private static void event(OutputStream out, Map<String, Object> chunk) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(Json.mapper().writeValueAsBytes(chunk));
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String text(int tokens) {
        return "tok" + " tok".repeat(Math.max(0, tokens - 1));
    }

    private static void sleep(double seconds) throws IOException {
        long nanos = (long) (seconds * 1e9);
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while simulating latency");
        }
    }
}
