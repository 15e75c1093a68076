package dev.firebreak.app.slo;

import dev.firebreak.agent.api.SloBucket;
import dev.firebreak.agent.api.SloHistory;
import dev.firebreak.agent.api.SloReport;
import dev.firebreak.agent.client.AgentClient;

import java.io.IOException;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads the agent's SLOs on a background thread: every model's standing every few seconds (the SLO
 * view and the actions' budget preview read it), and each model's events over the window once a
 * minute for the budget chart. Imports nothing from JavaFX.
 */
public final class SloService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SloService.class.getName());
    static final long REPORT_EVERY_MILLIS = 5_000;
    static final long HISTORY_EVERY_MILLIS = 60_000;
    /** About how many points the budget chart draws over the span with traffic. */
    static final int CHART_POINTS = 120;
    static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** The longest span the agent gives in one history call (its {@code SloApi}: 93 days). */
    private static final long MAX_SPAN = 93 * DAY;

    /** What the service reads: the agent's two SLO calls. */
    interface Source {
        SloReport report() throws IOException;

        SloHistory history(long fromMillis, long toMillis, long bucketMillis) throws IOException;
    }

    private final Supplier<Source> source;
    private final InstantSource clock;
    private final AtomicReference<SloFigures> figures = new AtomicReference<>(SloFigures.NONE);
    private ScheduledExecutorService timer;
    private volatile long historyReadAtMillis = Long.MIN_VALUE;

    /** @param client the agent client once the console is connected, {@code null} before */
    public static SloService of(Supplier<AgentClient> client, InstantSource clock) {
        return new SloService(() -> {
            AgentClient c = client.get();
            return c == null ? null : new Source() {
                @Override
                public SloReport report() throws IOException {
                    return c.slo();
                }

                @Override
                public SloHistory history(long fromMillis, long toMillis, long bucketMillis) throws IOException {
                    return c.sloHistory(fromMillis, toMillis, bucketMillis);
                }
            };
        }, clock);
    }

    SloService(Supplier<Source> source, InstantSource clock) {
        this.source = source;
        this.clock = clock;
    }

    /** Reads now and then every few seconds, telling {@code publish} each new value on the service's thread. */
    public synchronized void start(Consumer<SloFigures> publish) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("console-slo").factory());
        timer.scheduleWithFixedDelay(() -> {
            SloFigures read = read();
            if (read != null) {
                publish.accept(read);
            }
        }, 0, REPORT_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One read: the report, and the history when it is due; {@code null} while not connected. */
    SloFigures read() {
        Source s = source.get();
        if (s == null) {
            return null;
        }
        try {
            SloReport report = s.report();
            SloFigures next = figures.updateAndGet(f -> f.withReport(report));
            long now = clock.millis();
            // Once a minute; at every read while the last one found no traffic, so a fresh cluster's chart starts at once.
            SloHistory had = next.history();
            if (now - historyReadAtMillis >= HISTORY_EVERY_MILLIS || had == null || had.buckets().isEmpty()) {
                SloHistory history = history(s, report, now);
                historyReadAtMillis = now;
                next = figures.updateAndGet(f -> f.withHistory(history));
            }
            return next;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "SLO read failed: {0}", e.getMessage());
            return figures.updateAndGet(f -> f.failed(e.getMessage()));
        }
    }

    /**
     * The window's events in buckets fine enough for the chart: a first coarse read (hours) finds where
     * traffic starts, so that a cluster a few minutes old gets a chart of minutes, not one point.
     */
    static SloHistory history(Source s, SloReport report, long now) throws IOException {
        long to = now - Math.floorMod(now, MINUTE) + MINUTE; // the current minute counts as far as it went
        long from = Math.max(to - report.windowMillis(), to - MAX_SPAN);
        SloHistory hours = s.history(from, to, HOUR);
        long first = hours.buckets().stream().mapToLong(SloBucket::startMillis).min().orElse(to - MINUTE);
        long start = Math.max(from, first);
        long bucket = Math.max(MINUTE, (to - start) / CHART_POINTS / MINUTE * MINUTE);
        return s.history(start, to, bucket);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
