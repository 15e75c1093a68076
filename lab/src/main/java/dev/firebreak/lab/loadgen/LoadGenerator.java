package dev.firebreak.lab.loadgen;

import dev.firebreak.agent.client.HttpClients;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Open-loop OpenAI traffic: Poisson arrivals per model at rates that can change while it runs, a
 * seeded mix of prompt and output lengths, streamed and not. Each arrival is sent when due whether
 * or not earlier ones have answered (no coordinated omission); in-flight requests are bounded, and
 * an arrival past the bound fails at once as {@code client_overflow}. Thread-safe: a console polls
 * {@link #stats()} from any thread.
 *
 * <pre>{@code
 * try (LoadGenerator load = LoadGenerator.start(cluster.agentUrl(), Map.of("tiny-chat", 5.0, "tiny-code", 2.0))) {
 *     load.setRate("tiny-chat", 10);
 *     LoadStats now = load.stats();
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LoadGenerator.class.getName());
    public static final int DEFAULT_WINDOW_SECONDS = 5;

    private final LoadOptions options;
    private final OkHttpClient http;
    private final OpenAiCall call;
    private final long startNanos = System.nanoTime();
    private final long startEpochMillis = System.currentTimeMillis();
    private final Map<String, Double> rates = new ConcurrentHashMap<>();
    private final Map<String, ModelRecorder> recorders = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final AtomicLong issued = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final List<Thread> arrivalThreads = new ArrayList<>();
    private volatile boolean sending = true;
    private volatile boolean closed;
    private int inFlight;

    private LoadGenerator(LoadOptions options) {
        this.options = options;
        Duration timeout = options.requestTimeout();
        this.http = HttpClients.builder()
                .connectionPool(new ConnectionPool(Math.min(options.maxInFlight(), 256), 20, TimeUnit.SECONDS))
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(2)) < 0 ? timeout : Duration.ofSeconds(2))
                .readTimeout(timeout)
                .callTimeout(timeout)
                // A load generator reports what happened; OkHttp must not retry behind its back.
                .retryOnConnectionFailure(false)
                .addInterceptor(chain -> chain.proceed(options.apiKey() == null ? chain.request()
                        : chain.request().newBuilder().header("Authorization", "Bearer " + options.apiKey()).build()))
                .build();
        this.call = new OpenAiCall(http, options.baseUrl());
        this.slots = new Semaphore(options.maxInFlight());
    }

    /** Starts sending to {@code baseUrl} at {@code rates} (requests/s per model) until closed, with default bounds. */
    public static LoadGenerator start(String baseUrl, Map<String, Double> rates) {
        return start(LoadOptions.of(baseUrl, rates));
    }

    /** Starts a run; it stops sending by itself at the options' duration or request count. */
    public static LoadGenerator start(LoadOptions options) {
        LoadGenerator generator = new LoadGenerator(options);
        options.rates().forEach(generator::startModel);
        Thread.ofVirtual().name("load-ticker").start(generator::tick);
        LOG.log(System.Logger.Level.INFO, "load started target={0} rates={1} duration={2} maxRequests={3}",
                options.baseUrl(), options.rates(), options.duration(), options.maxRequests());
        return generator;
    }

    private void startModel(String model, double rps) {
        rates.put(model, rps);
        recorders.put(model, new ModelRecorder(model, startEpochMillis));
        Thread t = Thread.ofVirtual().name("load-arrivals-" + model).start(() -> arrivals(model));
        arrivalThreads.add(t);
    }

    /** Changes a model's arrival rate at once; a model not yet in the run joins it. */
    public void setRate(String model, double rps) {
        LoadOptions.checkRate(model, rps);
        lock.lock();
        try {
            if (recorders.containsKey(model)) {
                rates.put(model, rps);
                changed.signalAll();
            } else if (sending) {
                startModel(model, rps);
            }
        } finally {
            lock.unlock();
        }
        LOG.log(System.Logger.Level.INFO, "load model={0} rate={1}/s", model, rps);
    }

    /** The arrival rates currently set. */
    public Map<String, Double> rates() {
        return Map.copyOf(rates);
    }

    /** Rates and percentiles over the last {@value #DEFAULT_WINDOW_SECONDS} complete seconds. */
    public LoadStats stats() {
        return stats(DEFAULT_WINDOW_SECONDS);
    }

    /** Rates and percentiles over the last {@code windowSeconds} complete seconds (1-60). */
    public LoadStats stats(int windowSeconds) {
        int window = Math.clamp(windowSeconds, 1, ModelRecorder.HISTOGRAM_SECONDS);
        seal();
        List<ModelStats> models = recorders.values().stream()
                .map(r -> r.stats(window, rates.getOrDefault(r.model(), 0.0)))
                .sorted(Comparator.comparing(ModelStats::model)).toList();
        return new LoadStats(elapsedNanos() / 1e9, window, inFlight(), sending, models);
    }

    /** Every complete second so far (the last hour at most), every model, in order of second then model. */
    public List<SecondStats> series() {
        seal();
        return recorders.values().stream().flatMap(r -> r.series().stream())
                .sorted(Comparator.comparingLong(SecondStats::second).thenComparing(SecondStats::model)).toList();
    }

    public boolean sending() {
        return sending;
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Stops new arrivals; requests in flight run to their end. */
    public void stopSending() {
        lock.lock();
        try {
            if (sending) {
                sending = false;
                changed.signalAll();
                idle.signalAll();
                LOG.log(System.Logger.Level.INFO, "load stopped sending after {0} requests", issued.get());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the run stopped sending and every request ended; false if {@code timeout} passed first. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (sending || inFlight > 0) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        seal();
        return true;
    }

    /** Stops sending, cancels what is still in flight (not counted), and frees the connections. */
    @Override
    public void close() {
        stopSending();
        closed = true;
        http.dispatcher().cancelAll();
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
        // The last, partial second too: nothing more is counted after close.
        long current = second(System.nanoTime());
        recorders.values().forEach(r -> r.sealBefore(current + 1));
    }

    private void arrivals(String model) {
        SplittableRandom gaps = new SplittableRandom(options.seed() * 31 + model.hashCode());
        SplittableRandom shapes = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + model.hashCode());
        double current = -1;
        long due = 0;
        lock.lock();
        try {
            while (sending) {
                double rate = rates.get(model);
                if (rate != current) {
                    // Poisson arrivals are memoryless: after a change, the next gap is drawn afresh from now.
                    current = rate;
                    due = rate > 0 ? System.nanoTime() + gap(gaps, rate) : 0;
                }
                if (rate <= 0) {
                    changed.await();
                    continue;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    changed.awaitNanos(wait);
                    continue;
                }
                if (options.maxRequests() > 0 && issued.incrementAndGet() > options.maxRequests()) {
                    lock.unlock();
                    try {
                        stopSending();
                    } finally {
                        lock.lock();
                    }
                    break;
                }
                if (options.maxRequests() == 0) {
                    issued.incrementAndGet();
                }
                issue(model, options.mix().next(model, shapes), due);
                // The schedule, not the clock: late arrivals are sent at once to catch up, as real clients would.
                due += gap(gaps, rate);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private static long gap(SplittableRandom random, double rate) {
        return (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
    }

    /** Called holding the lock. */
    private void issue(String model, RequestShape shape, long dueNanos) {
        ModelRecorder recorder = recorders.get(model);
        recorder.sent(second(dueNanos));
        if (!slots.tryAcquire()) {
            record(new RequestResult(model, shape.stream(), dueNanos, Outcome.ERROR, 0, "client_overflow", -1, 0, null, null));
            return;
        }
        inFlight++;
        Thread.ofVirtual().name("load-" + model).start(() -> {
            try {
                record(call.send(shape, dueNanos));
            } finally {
                slots.release();
                lock.lock();
                try {
                    inFlight--;
                    if (inFlight == 0) {
                        idle.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    private void record(RequestResult result) {
        if (closed) {
            return;
        }
        recorders.get(result.model()).ended(second(System.nanoTime()), result);
        if (options.listener() != null) {
            try {
                options.listener().accept(result);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "load listener failed: {0}", e.toString());
            }
        }
    }

    private void tick() {
        while (!closed) {
            if (sending && options.duration() != null && elapsedNanos() >= options.duration().toNanos()) {
                stopSending();
            }
            seal();
            try {
                Thread.sleep(Duration.ofMillis(100));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void seal() {
        long current = second(System.nanoTime());
        recorders.values().forEach(r -> r.sealBefore(current));
    }

    private long second(long nanos) {
        return Math.max(0, (nanos - startNanos) / 1_000_000_000L);
    }

    private long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }
}
