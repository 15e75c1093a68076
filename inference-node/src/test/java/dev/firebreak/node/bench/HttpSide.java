package dev.firebreak.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Firebreak's node in a JVM of its own, serving the benchmark's GGUF file, measured as a client
 * sees it: OpenAI completions streamed over HTTP. Prompts are sent as text that tokenizes to the
 * same ids the other sides get (the BOS the node adds, then one byte a token).
 */
final class HttpSide {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String url;
    private final String model;

    HttpSide(String url, String model) {
        this.url = url;
        this.model = model;
    }

    /** One streamed completion: when it was sent, when each chunk with text came, and its usage. */
    private record Streamed(long sent, List<Long> chunks, long finished, int promptTokens, int completionTokens) {
    }

    Figures measure(Workload w) {
        int[] prompt128 = w.prompt128();
        int[] prompt512 = w.prompt512();
        int generate = w.generate();
        try {
            Streamed p128 = stream(prompt128, 1);
            Streamed p512 = stream(prompt512, 1);
            Streamed d = stream(w.decodePrompt(), generate);
            if (d.completionTokens() != generate || d.chunks().isEmpty()) {
                return Figures.failed("the node generated " + d.completionTokens() + " of " + generate
                        + " tokens (finished early)");
            }
            double ttftMs = (d.chunks().getFirst() - d.sent()) / 1e6;
            double decode = (generate - 1) / ((d.finished() - d.chunks().getFirst()) / 1e9);
            long start = System.nanoTime();
            int generated = 0;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Streamed>> all = new ArrayList<>();
                for (int[] prompt : w.batch()) {
                    all.add(pool.submit(() -> stream(prompt, generate)));
                }
                for (Future<Streamed> f : all) {
                    generated += f.get().completionTokens();
                }
            }
            double batched = generated / ((System.nanoTime() - start) / 1e9);
            return new Figures(prompt128.length / ((firstOutput(p128) - p128.sent()) / 1e9),
                    prompt512.length / ((firstOutput(p512) - p512.sent()) / 1e9), decode, ttftMs, batched, null);
        } catch (Exception e) {
            return Figures.failed("node: " + e.getMessage());
        }
    }

    /** When the first token came out: its text chunk, or the final chunk if it had no text of its own. */
    private static long firstOutput(Streamed s) {
        return s.chunks().isEmpty() ? s.finished() : s.chunks().getFirst();
    }

    private Streamed stream(int[] prompt, int maxTokens) throws IOException, InterruptedException {
        if (prompt[0] != Llama3Shape.BOS) {
            throw new IllegalArgumentException("prompts start with the BOS, which the node adds itself");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < prompt.length; i++) {
            if (prompt[i] < 32 || prompt[i] > 126) {
                throw new IllegalArgumentException("prompt token " + prompt[i] + " is not a printable ASCII byte");
            }
            text.append((char) prompt[i]);
        }
        String body = JSON.writeValueAsString(Map.of("model", model, "prompt", text.toString(), "max_tokens", maxTokens,
                "temperature", 0, "stream", true));
        long sent = System.nanoTime();
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + ": " + String.join("", response.body().toList()));
        }
        List<Long> chunks = new ArrayList<>();
        long finished = 0;
        int promptTokens = -1;
        int completionTokens = -1;
        Iterator<String> lines = response.body().iterator();
        while (lines.hasNext()) {
            String line = lines.next();
            if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
                continue;
            }
            long at = System.nanoTime();
            JsonNode chunk = JSON.readTree(line.substring(6));
            if (chunk.has("error")) {
                throw new IOException("stream error: " + chunk.get("error"));
            }
            JsonNode choice = chunk.path("choices").path(0);
            if (!choice.path("text").asText().isEmpty()) {
                chunks.add(at);
            }
            if (chunk.has("usage")) {
                finished = at;
                promptTokens = chunk.get("usage").get("prompt_tokens").asInt();
                completionTokens = chunk.get("usage").get("completion_tokens").asInt();
            }
        }
        if (promptTokens != prompt.length) {
            throw new IOException("the node read " + promptTokens + " prompt tokens, the other sides " + prompt.length);
        }
        return new Streamed(sent, chunks, finished, promptTokens, completionTokens);
    }
}
