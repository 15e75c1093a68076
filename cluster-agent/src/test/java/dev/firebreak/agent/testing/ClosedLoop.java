package dev.firebreak.agent.testing;

import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Closed-loop traffic for a test: a few clients on virtual threads, each sending its next request
 * as soon as its last one answered, until closed. What each call gave is kept, in arrival order.
 */
public final class ClosedLoop<T> implements AutoCloseable {

    private final Queue<T> answers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> clients = new ArrayList<>();

    private ClosedLoop(int clients, Supplier<T> call) {
        for (int i = 0; i < clients; i++) {
            this.clients.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    answers.add(call.get());
                }
            }));
        }
    }

    /** Starts {@code clients} clients, each making {@code call} over and over; a call must not answer {@code null}. */
    public static <T> ClosedLoop<T> start(int clients, Supplier<T> call) {
        return new ClosedLoop<>(clients, call);
    }

    /** Starts {@code clients} clients sending {@code request}, each answer read to its end; keeps the HTTP statuses. */
    public static ClosedLoop<Integer> requests(int clients, OkHttpClient http, Request request) {
        return start(clients, () -> Completions.status(http, request));
    }

    /** What the calls gave so far; it grows while the clients run. */
    public Queue<T> answers() {
        return answers;
    }

    /** How many calls so far gave {@code answer}. */
    public long count(T answer) {
        return answers.stream().filter(answer::equals).count();
    }

    /** Stops the clients and waits for each one's last call to end. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(30));
        }
    }
}
