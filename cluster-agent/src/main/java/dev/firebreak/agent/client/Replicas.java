package dev.firebreak.agent.client;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent replicas a client may talk to, all in front of the same cluster, and the one it talks
 * to now. A client that loses the current one moves on to the next, round the list; every client
 * call and the live stream share the choice.
 */
public final class Replicas {

    private final List<String> urls;
    private final AtomicInteger current = new AtomicInteger();

    /** @param urls base URLs, e.g. {@code http://agent-a:8200}; at least one, each http(s) */
    public Replicas(List<String> urls) {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("at least one agent URL is needed");
        }
        this.urls = urls.stream().map(Replicas::normalized).toList();
    }

    /** Reads {@code URL[,URL...]}, as {@code --agent} takes it. */
    public static Replicas parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            throw new IllegalArgumentException("at least one agent URL is needed");
        }
        return new Replicas(List.of(commaSeparated.split(",")));
    }

    private static String normalized(String url) {
        String u = url.strip();
        if (!(u.startsWith("http://") || u.startsWith("https://"))) {
            throw new IllegalArgumentException("an agent URL starts with http:// or https://, got '" + u + "'");
        }
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    public List<String> urls() {
        return urls;
    }

    /** The replica talked to now. */
    public String current() {
        return urls.get(current.get());
    }

    /**
     * Moves on from {@code failed} to the next replica, unless another caller already did (then the
     * replica it chose stays); returns the one to use now.
     */
    public String failedOver(String failed) {
        int at = urls.indexOf(failed);
        if (at >= 0) {
            current.compareAndSet(at, (at + 1) % urls.size());
        }
        return current();
    }

    public int size() {
        return urls.size();
    }

    /** The list as {@code --agent} takes it. */
    @Override
    public String toString() {
        return String.join(",", urls);
    }
}
