package dev.firebreak.lab.localcluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Firebreak process started by the local cluster: its output goes to a log file, and the
 * URL it announces ("... listening on http://...") is what {@link #awaitUrl} returns.
 */
public final class ChildProcess {

    private static final int TAIL_LINES = 20;
    private static final int HEAD_LINES = 5;

    private final String name;
    private final Process process;
    private final Path log;
    private final CompletableFuture<String> url = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();
    /** The first lines too: a command-line error is printed first, then a usage text that fills the tail. */
    private final java.util.List<String> head = new java.util.ArrayList<>();
    private long seen;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildProcess start(String name, JavaCommand command, Map<String, String> env, Path log,
                              String listeningMarker) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.toList()).redirectErrorStream(true);
        builder.environment().putAll(env);
        ChildProcess child = new ChildProcess(name, builder.start(), log);
        child.process.getOutputStream().close();
        Thread.ofVirtual().name("output-" + name).start(() -> child.pump(listeningMarker));
        return child;
    }

    private void pump(String marker) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                remember(line);
                int at = line.indexOf(marker);
                if (at >= 0 && !url.isDone()) {
                    url.complete(line.substring(at + marker.length()).trim());
                }
            }
        } catch (IOException e) {
            remember("[output lost: " + e.getMessage() + "]");
        } finally {
            url.completeExceptionally(new IOException(name + " exited before it was listening; last output:\n"
                    + String.join("\n", outputExcerpt())));
        }
    }

    private synchronized void remember(String line) {
        seen++;
        if (head.size() < HEAD_LINES) {
            head.add(line);
        }
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    /** The first lines and the last ones, each once, with "..." where lines were left out. */
    private synchronized java.util.List<String> outputExcerpt() {
        java.util.List<String> lines = new java.util.ArrayList<>(head);
        java.util.List<String> last = new java.util.ArrayList<>(tail);
        long firstOfTail = seen - last.size();
        int skip = (int) Math.max(0, head.size() - firstOfTail);
        if (firstOfTail > head.size()) {
            lines.add("...");
        }
        lines.addAll(last.subList(Math.min(skip, last.size()), last.size()));
        return lines;
    }

    /** The URL the process announced, waiting up to {@code timeout} for it. */
    public String awaitUrl(Duration timeout) throws IOException, InterruptedException {
        try {
            return url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(name + " did not announce its URL within " + timeout.toSeconds()
                    + " s; see " + log);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: the process dies at once, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
    public void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
