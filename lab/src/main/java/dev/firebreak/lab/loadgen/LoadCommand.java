package dev.firebreak.lab.loadgen;

import dev.firebreak.agent.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code firebreak-lab load}: open-loop OpenAI traffic against a gateway or a node, a progress
 * line each second, a summary at the end and optionally every second of it as CSV. Exit code 0
 * when every request ended complete, 1 when any failed, was shed or was truncated.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Send Poisson OpenAI traffic per model to a gateway or a node and report what came back.")
public final class LoadCommand implements Callable<Integer> {

    @Option(names = "--target", required = true, description = "Base URL of an OpenAI-compatible server (agent gateway or node).")
    String target;

    @Option(names = "--rate", required = true, description = "model=requests/s, repeatable, e.g. --rate tiny-chat=5.")
    Map<String, Double> rates = new LinkedHashMap<>();

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to send, e.g. 500ms, 60s, 5m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--max-requests", defaultValue = "0", description = "Stop after this many requests; 0 for no limit.")
    long maxRequests;

    @Option(names = "--max-in-flight", defaultValue = "256", description = "Requests outstanding at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "A request not done by then is an error (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--stream-share", defaultValue = "0.5", description = "Share of streamed requests (default: ${DEFAULT-VALUE}).")
    double streamShare;

    @Option(names = "--max-prompt", defaultValue = "512", description = "Longest prompt in tokens (default: ${DEFAULT-VALUE}).")
    int maxPrompt;

    @Option(names = "--max-output", defaultValue = "128", description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).")
    int maxOutput;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds arrivals and the request mix (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--api-key", defaultValue = "${env:FIREBREAK_API_KEY}",
            description = "Client API key of the agent's gateway (or env FIREBREAK_API_KEY); none for a node or an open gateway.")
    String apiKey;

    @Option(names = "--csv", description = "Write every second of every model to this CSV file.")
    Path csv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LoadOptions options;
        try {
            WorkloadMix mix = new WorkloadMix(Math.min(16, maxPrompt), maxPrompt, Math.min(8, maxOutput), maxOutput,
                    streamShare, 0.5);
            options = LoadOptions.of(target, rates).withMix(mix).withDuration(duration).withMaxRequests(maxRequests)
                    .withMaxInFlight(maxInFlight).withRequestTimeout(timeout).withSeed(seed).withApiKey(apiKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        LoadGenerator load = LoadGenerator.start(options);
        try {
            while (!load.awaitDone(Duration.ofSeconds(1))) {
                out.println(load.stats(1).progressLine());
                out.flush();
            }
        } finally {
            load.close();
        }
        LoadStats end = load.stats();
        out.println(summary(end));
        if (csv != null) {
            SeriesCsv.write(csv, load.series());
            out.println("every second written to " + csv);
        }
        out.flush();
        boolean clean = end.models().stream().map(ModelStats::totals).allMatch(t -> t.ok() == t.sent());
        return clean ? Cli.OK : Cli.REJECTED;
    }

    static String summary(LoadStats stats) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%nafter %.1f s:%n", stats.elapsedSeconds()));
        text.append(String.format(Locale.ROOT, "%-14s %7s %7s %7s %7s %9s %10s %10s %10s %10s  %s%n", "model", "sent", "ok",
                "errors", "shed", "truncated", "ttft p50", "ttft p99", "lat p50", "lat p99", "error codes"));
        for (ModelStats m : stats.models()) {
            ModelTotals t = m.totals();
            text.append(String.format(Locale.ROOT, "%-14s %7d %7d %7d %7d %9d %10s %10s %10s %10s  %s%n", m.model(), t.sent(),
                    t.ok(), t.errors(), t.shed(), t.truncated(), ms(t.p50TtftMillis()), ms(t.p99TtftMillis()),
                    ms(t.p50LatencyMillis()), ms(t.p99LatencyMillis()), t.errorCodes().isEmpty() ? "-" : t.errorCodes()));
        }
        return text.toString();
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.0fms", millis);
    }

    /** 500ms, 60s, 5m, 1h, or ISO-8601 (PT1M). */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("pt")) {
                    return Duration.parse(value);
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new IllegalArgumentException();
                };
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + value + "' is not a duration; use e.g. 500ms, 60s, 5m");
            }
        }
    }
}
