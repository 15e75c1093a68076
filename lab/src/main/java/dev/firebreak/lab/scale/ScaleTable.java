package dev.firebreak.lab.scale;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The scale benchmark's figures as Markdown, one row per fleet size, with the cost per node to read the growth by. */
final class ScaleTable {

    private ScaleTable() {
    }

    static String markdown(List<ScaleFigures> results, long intervalMillis, Duration measure, List<String> kinds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Scrape interval %d ms, %d s measured per size, node kinds %s in turn.%n%n",
                intervalMillis, measure.toSeconds(), String.join(", ", kinds)));
        out.append("| nodes x models | agent CPU, cores | agent CPU per 100 nodes | agent live heap after full GC, MB (committed, GCs) ")
                .append("| scrape gap p50 / p99, ms | scrape lag p99, ms | scrapes per node per s ")
                .append("| node-down detection median / max, ms | simulator CPU, cores ")
                .append("| live stream KiB/s (state events/s) | whole state, KiB | stream / whole state each second |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScaleFigures f : results) {
            out.append(row(f, intervalMillis)).append('\n');
        }
        return out.toString();
    }

    static String row(ScaleFigures f, long intervalMillis) {
        return String.format(Locale.ROOT, "| %d x %d | %.2f | %.3f | %s | %.0f / %.0f | %.0f | %.2f | %s | %.2f | %.1f (%.2f) | %.1f | %.3f |", f.nodes(),
                f.models(), f.agentCores(), f.agentCores() * 100 / f.nodes(),
                (f.liveHeapMb() < 0 ? "n/a (no full GC logged)" : Long.toString(f.liveHeapMb())) + " (" + f.committedHeapMb() + ", "
                        + f.collections() + ")",
                f.gapP50Millis(), f.gapP99Millis(), f.gapP99Millis() - intervalMillis, f.scrapesPerNodeSecond(),
                f.downMaxMillis() < 0 ? "not all seen down within 10 s" : f.downMedianMillis() + " / " + f.downMaxMillis(),
                f.simulatorCores(), f.streamKibPerSecond(), f.stateEventsPerSecond(), f.wholeStateKib(),
                f.streamKibPerSecond() / f.wholeStateKib() / Math.max(1e-9, f.stateEventsPerSecond()));
    }
}
