package dev.firebreak.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * llama.cpp as node-llama-cpp ships it, prebuilt and CPU only, in a Node process of its own that
 * runs {@code inference-node/bench/vs-llamacpp/llama-side.mjs}: one JSON command a line in, one
 * JSON answer a line out.
 */
final class LlamaCppSide implements AutoCloseable {

    static final String PACKAGE = "node-llama-cpp@3.21.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    private LlamaCppSide(Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Installs {@link #PACKAGE} into {@code folder} (once; npm's own folder, nothing global) with the
     * side's script, and starts it.
     */
    static LlamaCppSide start(Path folder, Path script) throws IOException, InterruptedException {
        install(folder, PACKAGE);
        Files.copy(script, folder.resolve("llama-side.mjs"), StandardCopyOption.REPLACE_EXISTING);
        Process node = new ProcessBuilder("node", "llama-side.mjs").directory(folder.toFile())
                .redirectError(folder.resolve("llama-side.log").toFile()).start();
        return new LlamaCppSide(node);
    }

    /** Installs each {@code name@version} into {@code folder} with npm, unless that version is there already. */
    static void install(Path folder, String... packages) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        if (!Files.exists(folder.resolve("package.json"))) {
            Files.writeString(folder.resolve("package.json"), "{\"name\":\"firebreak-vs-llamacpp\",\"private\":true,\"type\":\"module\"}\n");
        }
        for (String spec : packages) {
            int at = spec.lastIndexOf('@');
            Path installed = folder.resolve("node_modules").resolve(spec.substring(0, at)).resolve("package.json");
            if (!Files.exists(installed) || !JSON.readTree(installed.toFile()).path("version").asText().equals(spec.substring(at + 1))) {
                run(folder, "npm", "i", "-E", "--no-audit", "--no-fund", spec);
            }
        }
    }

    private static void run(Path folder, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("npm.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed in " + folder + "; see " + folder.resolve("npm.log"));
        }
    }

    /** Sends {@code command}; its answer, or an IOException with the side's error. */
    JsonNode call(Map<String, Object> command) throws IOException {
        in.write(JSON.writeValueAsString(command));
        in.newLine();
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("llama.cpp's side exited (" + (process.isAlive() ? "alive" : "exit " + process.exitValue())
                    + "); see llama-side.log");
        }
        JsonNode answer = JSON.readTree(line);
        if (!answer.path("ok").asBoolean()) {
            throw new IOException("llama.cpp: " + answer.path("error").asText());
        }
        return answer;
    }

    JsonNode load(Path file) throws IOException {
        return call(Map.of("op", "load", "file", file.toAbsolutePath().toString()));
    }

    /** One round of every figure at {@code threads} threads; a failure is a failed Figures. */
    Figures measure(int threads, Workload w) {
        int generate = w.generate();
        try {
            JsonNode a = call(Map.of("op", "measure", "threads", threads, "prompt128", w.prompt128(),
                    "prompt512", w.prompt512(), "decodePrompt", w.decodePrompt(), "generate", generate, "batch", w.batch()));
            if (a.path("generated").asInt() != generate) {
                return Figures.failed("llama.cpp generated " + a.path("generated").asInt() + " of " + generate + " tokens");
            }
            return new Figures(a.get("prefill128").asDouble(), a.get("prefill512").asDouble(), a.get("decode").asDouble(),
                    a.get("ttftMs").asDouble(), a.get("batched").asDouble(), null);
        } catch (IOException | RuntimeException e) {
            return Figures.failed(e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.close();
        } catch (IOException e) {
            // Already gone.
        }
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor();
        }
    }
}
