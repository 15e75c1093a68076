package dev.firebreak.node.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.engine.batch.Engine;
import dev.firebreak.node.engine.batch.GenerationRequest;
import dev.firebreak.node.engine.batch.ModelScheduler;
import dev.firebreak.node.engine.tokenizer.Tokenizer;
import dev.firebreak.node.faults.Faults;
import dev.firebreak.node.http.ClientWatch;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;
import dev.firebreak.node.http.Json;
import dev.firebreak.node.http.Router;
import dev.firebreak.node.lifecycle.NodeLifecycle;
import dev.firebreak.node.openai.CompletionRequest;
import dev.firebreak.node.openai.OpenAiBodies;
import dev.firebreak.node.openai.OpenAiErrors;
import dev.firebreak.node.openai.RejectionCounts;
import dev.firebreak.node.openai.RequestReader;
import dev.firebreak.node.registry.ModelRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The OpenAI-compatible API of a node: completions, chat completions (both streaming or not), models. */
public final class OpenAiApi {

    /** Header a gateway sets with the milliseconds the request may still take. */
    public static final String DEADLINE_HEADER = "X-Firebreak-Deadline-Ms";
    private static final int MAX_BODY = 1 << 20;
    private static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);
    private static final long KEEPALIVE_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(OpenAiApi.class.getName());

    private final String nodeId;
    private final Engine engine;
    private final NodeLifecycle lifecycle;
    private final ModelRegistry registry;
    private final int maxWaiting;
    private final Faults faults;
    private final long createdSeconds = System.currentTimeMillis() / 1000;
    private final RejectionCounts rejections = new RejectionCounts();

    public OpenAiApi(String nodeId, Engine engine, NodeLifecycle lifecycle, ModelRegistry registry, int maxWaiting,
                     Faults faults) {
        this.nodeId = nodeId;
        this.engine = engine;
        this.faults = faults;
        this.lifecycle = lifecycle;
        this.registry = registry;
        this.maxWaiting = maxWaiting;
    }

    public void models(Exchange exchange) throws IOException {
        List<Map<String, Object>> data = engine.models().stream().map(m -> Map.<String, Object>of(
                "id", m.name(), "object", "model", "created", createdSeconds, "owned_by", "firebreak")).toList();
        exchange.json(200, Map.of("object", "list", "data", data));
    }

    /** Requests refused so far, by status and code. */
    public RejectionCounts rejections() {
        return rejections;
    }

    /** {@code POST /v1/completions}, errors in OpenAI's shape. */
    public Router.Handler completionsHandler() {
        return OpenAiErrors.wrap(exchange -> generate(exchange, false), rejections);
    }

    /** {@code POST /v1/chat/completions}, errors in OpenAI's shape. */
    public Router.Handler chatCompletionsHandler() {
        return OpenAiErrors.wrap(exchange -> generate(exchange, true), rejections);
    }

    private void generate(Exchange exchange, boolean chat) throws IOException {
        if (lifecycle.state() == NodeState.WARMING) {
            throw new HttpError(503, "warming_up", "this node is warming up its models and takes requests in a few seconds",
                    Map.of("Retry-After", "2"));
        }
        if (!lifecycle.acceptingWork()) {
            throw new HttpError(503, "draining", "this node is " + lifecycle.state().name().toLowerCase()
                    + " and takes no new requests", Map.of("Retry-After", "5"));
        }
        CompletionRequest request = RequestReader.read(exchange.body(MAX_BODY), chat);
        ModelScheduler model = engine.model(request.model());
        if (model == null) {
            throw OpenAiErrors.modelNotFound(request.model(), engine.models().stream().map(ModelScheduler::name).toList());
        }
        if (registry.find(model.name()).map(e -> !e.admissionOpen()).orElse(false)) {
            throw new HttpError(503, "admission_closed", "admission is closed for model '" + model.name() + "'",
                    Map.of("Retry-After", "5"));
        }
        Tokenizer tokenizer = model.model().tokenizer();
        int[] prompt = chat ? ChatTemplate.render(request.messages(), tokenizer) : promptTokens(request, tokenizer);
        int context = model.model().config().contextLength();
        if (prompt.length >= context) {
            throw new OpenAiErrors.InvalidParam(chat ? "messages" : "prompt", "context_length_exceeded",
                    "the prompt has " + prompt.length + " tokens; the model's context is " + context);
        }
        GenerationParams params = GenerationParams.of(request, context, prompt.length);
        if (model.stats().waiting() >= maxWaiting) {
            throw new HttpError(503, "overloaded", model.stats().waiting() + " requests already wait for '"
                    + model.name() + "'", Map.of("Retry-After", "1"));
        }
        injectFaults(model.name());
        String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        StreamingSink sink = new StreamingSink();
        long deadline = System.currentTimeMillis() + deadlineMillis(exchange);
        ModelScheduler.Handle handle = engine.submit(model.name(), new GenerationRequest(id, prompt, params.maxTokens(),
                params.sampling(), params.stop(), deadline, sink));
        OpenAiBodies responses = new OpenAiBodies(id, model.name(), System.currentTimeMillis() / 1000, chat);
        boolean truncate = faults.truncateThisAnswer(model.name());
        // A client that goes away gives its KV blocks back now, not when its answer would have ended.
        ClientWatch client = exchange.watchClient(() -> {
            handle.cancel();
            LOG.log(System.Logger.Level.INFO, "node={0} model={1} request={2} client disconnected; cancelled",
                    nodeId, model.name(), id);
        });
        try {
            if (params.stream()) {
                stream(exchange, sink, responses, truncate, handle, client);
            } else {
                respond(exchange, sink, responses, truncate, client);
            }
        } catch (IOException e) {
            handle.cancel();
            throw e;
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
        }
    }

    private void injectFaults(String model) {
        long latency = faults.addedLatencyMillis(model);
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (faults.failThisRequest(model)) {
            throw new HttpError(500, "injected_fault", "fault injection failed this request");
        }
    }

    private static int[] promptTokens(CompletionRequest request, Tokenizer tokenizer) {
        JsonNode prompt = request.prompt();
        String text = prompt.isArray() ? prompt.get(0).asText() : prompt.asText();
        if (text.isEmpty()) {
            throw new OpenAiErrors.InvalidParam("prompt", "invalid_value", "prompt is empty");
        }
        int[] tokens = tokenizer.encode(text);
        int bos = tokenizer.specialId("<|begin_of_text|>");
        if (bos < 0) {
            return tokens;
        }
        int[] withBos = new int[tokens.length + 1];
        withBos[0] = bos;
        System.arraycopy(tokens, 0, withBos, 1, tokens.length);
        return withBos;
    }

    private static long deadlineMillis(Exchange exchange) {
        String header = exchange.header(DEADLINE_HEADER);
        if (header == null) {
            return DEFAULT_DEADLINE.toMillis();
        }
        try {
            long millis = Long.parseLong(header.trim());
            if (millis <= 0) {
                throw new OpenAiErrors.InvalidParam(null, "deadline_exceeded", "the request's deadline has already passed");
            }
            return Math.min(millis, DEFAULT_DEADLINE.toMillis() * 5);
        } catch (NumberFormatException e) {
            throw new OpenAiErrors.InvalidParam(null, "invalid_header", DEADLINE_HEADER + " must be milliseconds");
        }
    }

    private void respond(Exchange exchange, StreamingSink sink, OpenAiBodies responses, boolean truncate,
                         ClientWatch client) throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        while (true) {
            StreamingSink.Event event = sink.next(1, TimeUnit.HOURS);
            if ((event instanceof StreamingSink.Finished || event instanceof StreamingSink.Failed) && !client.stop()) {
                throw new IOException("the client left before its answer; the request was cancelled for it");
            }
            switch (event) {
                case StreamingSink.Text t -> text.append(t.text());
                case StreamingSink.Finished f -> {
                    // The truncation fault: half the answer, reported as a normal stop (a gray failure).
                    String answer = truncate ? text.substring(0, text.length() / 2) : text.toString();
                    StreamingSink.Finished reported = truncate
                            ? new StreamingSink.Finished(dev.firebreak.node.engine.batch.FinishReason.STOP,
                            f.promptTokens(), f.completionTokens() / 2) : f;
                    exchange.json(200, responses.whole(answer, reported.reason().wire(), reported.promptTokens(), reported.completionTokens()));
                    return;
                }
                case StreamingSink.Failed f -> {
                    int status = switch (f.code()) {
                        case "deadline_exceeded" -> 504;
                        case "draining", "shutting_down" -> 503;
                        default -> 500;
                    };
                    exchange.json(status, OpenAiErrors.body(status, f.code(), f.message(), null));
                    return;
                }
                case null -> throw new IOException("no output within an hour");
            }
        }
    }

    private void stream(Exchange exchange, StreamingSink sink, OpenAiBodies responses, boolean truncate,
                        ModelScheduler.Handle handle, ClientWatch client) throws IOException, InterruptedException {
        int chunksBeforeCut = truncate ? 1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8) : -1;
        try (OutputStream out = exchange.stream(200, "text/event-stream; charset=utf-8")) {
            if (responses.chat()) {
                send(out, responses.roleChunk());
            }
            while (true) {
                StreamingSink.Event event = sink.next(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                switch (event) {
                    case null -> write(out, ": keepalive\n\n");
                    case StreamingSink.Text t -> {
                        send(out, responses.textChunk(t.text()));
                        if (--chunksBeforeCut == 0) {
                            // The truncation fault: the stream just stops, no finish reason, no [DONE].
                            handle.cancel();
                            return;
                        }
                    }
                    case StreamingSink.Finished f -> {
                        send(out, responses.finalChunk(f.reason().wire(), f.promptTokens(), f.completionTokens()));
                        write(out, "data: [DONE]\n\n");
                        return;
                    }
                    case StreamingSink.Failed f -> {
                        if (client.gone()) {
                            throw new IOException("the client left mid-stream; the request was cancelled for it");
                        }
                        // An explicit error event, never a silent cut: the stream ends without [DONE].
                        send(out, OpenAiErrors.body(500, f.code(), f.message(), null));
                        return;
                    }
                }
            }
        }
    }

    private static void send(OutputStream out, Object chunk) throws IOException {
        try {
            write(out, "data: " + Json.mapper().writeValueAsString(chunk) + "\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
