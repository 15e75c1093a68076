package dev.firebreak.lab.gameday;

import dev.firebreak.agent.api.ModelSlo;
import dev.firebreak.agent.api.SloReport;
import dev.firebreak.agent.config.SloConfig;
import dev.firebreak.agent.metrics.AgentMetrics;
import dev.firebreak.agent.slo.SloBook;
import dev.firebreak.agent.slo.SloLog;
import dev.firebreak.agent.slo.SloMeter;
import dev.firebreak.agent.slo.SloRecorder;
import dev.firebreak.agent.state.StateStartException;
import dev.firebreak.agent.state.StateStore;
import dev.firebreak.agent.state.StateStores;
import dev.firebreak.lab.loadgen.RequestResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures the error budget each model spent in a run with the agent's own SLO code: every client
 * request goes to the agent's {@link SloMeter} as the gateway would tell it (answered, failed, or
 * shed), into a SQLite state store of the run's own, and the agent's {@link SloBook} reads the
 * budget from it. The same yardstick for both routes: the naive balancer has no agent counting its
 * traffic, and the gateway's own count would leave out what clients saw of it (their time-outs).
 */
final class BudgetMeter {

    /** The objectives every model is judged by: the agent's defaults. */
    static final SloConfig OBJECTIVES = SloConfig.defaults();

    private BudgetMeter() {
    }

    /**
     * Tells {@code slo} of {@code r} as the gateway tells its meter of a request it settled: a complete
     * answer is answered with text, timed to its first token (to its end when not streamed); a cut
     * answer, an error and a time-out are failures; a 429 is shed; a client's own error (4xx other than
     * 429) and a request the client never sent say nothing of the service.
     */
    static void record(SloRecorder slo, RequestResult r) {
        String node = r.node() == null ? "" : r.node();
        switch (r.outcome()) {
            case OK -> slo.answered(r.model(), node, true, (r.stream() && r.ttftMicros() >= 0 ? r.ttftMicros() : r.latencyMicros()) / 1000);
            case SHED -> slo.shed(r.model());
            case TRUNCATED -> slo.failed(r.model(), node);
            case ERROR -> {
                boolean clientsOwn = r.httpStatus() >= 400 && r.httpStatus() < 500 && r.httpStatus() != 429;
                if (!clientsOwn && !"client_overflow".equals(r.errorCode())) {
                    slo.failed(r.model(), node);
                }
            }
        }
    }

    /**
     * Each model's budget spent by {@code results}, requests of a run whose traffic started at
     * {@code t0Nanos} ({@link System#nanoTime()}) and lasted {@code runMillis}.
     */
    static Map<String, BudgetSpent> measure(List<String> models, List<RequestResult> results, long t0Nanos, long runMillis)
            throws IOException {
        Path dir = Files.createTempDirectory("gameday-slo");
        // The run's minutes as wall time from an epoch of its own: only their order and spacing matter.
        AtomicLong now = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        long epoch = now.get();
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        try (StateStore store = StateStores.open(dir.resolve("slo.db").toString(), Map.of())) {
            SloMeter meter = new SloMeter(OBJECTIVES, clock, store.sloMinutes(), new AgentMetrics(List::of, List::of, List::of).sloEvents());
            results.stream().sorted(Comparator.comparingLong(RequestResult::endNanos)).forEach(r -> {
                now.set(epoch + Math.max(0, (r.endNanos() - t0Nanos) / 1_000_000));
                record(meter, r);
            });
            meter.flush();
            now.set(Math.max(now.get(), epoch + runMillis));
            SloReport report = new SloBook(OBJECTIVES, clock, store.sloMinutes(), () -> models).report();
            Map<String, BudgetSpent> spent = new LinkedHashMap<>();
            for (ModelSlo m : report.models()) {
                spent.put(m.model(), new BudgetSpent(m.availability(), m.latency(), runMillis, report.windowMillis()));
            }
            return spent;
        } catch (StateStartException | SloLog.SloLogException e) {
            throw new IOException("cannot measure the error budgets in " + dir + ": " + e.getMessage(), e);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
