package dev.firebreak.node.bench;

import dev.firebreak.node.NodeMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An inference node in a JVM of its own, started with this JVM's class path, for the benchmarks that talk to it over HTTP. */
final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final String url;
    private NodeProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts a node with {@code jvmOptions} and the node's {@code arguments}; returns once it listens. */
    static NodeProcess start(List<String> jvmOptions, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeMain.class.getName(), "--port", "0",
                "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        command.addAll(arguments);
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String url = null;
        String line;
        while (url == null && (line = out.readLine()) != null) {
            seen.add(line);
            int at = line.indexOf(NodeMain.LISTENING);
            if (at >= 0) {
                url = line.substring(at + NodeMain.LISTENING.length()).trim();
            }
        }
        if (url == null) {
            node.destroy();
            throw new IOException("the node exited before listening: " + String.join(" | ", seen));
        }
        Thread.ofVirtual().start(() -> {
            try {
                out.lines().forEach(l -> { });
            } catch (UncheckedIOException e) {
                // The node was stopped: its output ends.
            }
        });
        return new NodeProcess(node, url);
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
