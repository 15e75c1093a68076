package dev.firebreak.lab.loadgen;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a run's per-second, per-model figures as CSV (latencies in milliseconds, empty when none). */
public final class SeriesCsv {

    public static final String HEADER = "second,epoch_ms,model,sent,ok,errors,shed,truncated,"
            + "ttft_p50_ms,ttft_p99_ms,latency_p50_ms,latency_p99_ms";

    private SeriesCsv() {
    }

    public static void write(Path file, List<SecondStats> seconds) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (SecondStats s : seconds) {
                out.write(String.join(",", Long.toString(s.second()), Long.toString(s.epochMillis()), s.model(),
                        Long.toString(s.sent()), Long.toString(s.ok()), Long.toString(s.errors()), Long.toString(s.shed()),
                        Long.toString(s.truncated()), number(s.p50TtftMillis()), number(s.p99TtftMillis()),
                        number(s.p50LatencyMillis()), number(s.p99LatencyMillis())));
                out.write('\n');
            }
        }
    }

    static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.1f", value);
    }
}
