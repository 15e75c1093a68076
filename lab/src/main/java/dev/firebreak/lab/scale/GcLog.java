package dev.firebreak.lab.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a JVM kept after each collection, from its {@code -Xlog:gc} file: the live data the
 * process holds, which is what "a bounded heap" is about (before a collection it is whatever the
 * collector let garbage grow to).
 */
final class GcLog {

    /** {@code ... Pause Young (Normal) (G1 Evacuation Pause) 24M->8M(256M) 3.456ms}. */
    private static final Pattern PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /**
     * Collections seen, the most heap kept after one (MB), the most committed (MB), and what the last
     * full collection kept (MB, -1 if none ran): the live data, garbage of every age gone.
     */
    record Heap(int collections, long maxAfterMb, long maxCommittedMb, long liveAfterFullMb) {
    }

    private GcLog() {
    }

    /** What the log says from its line {@code fromLine} on (lines before it were written earlier). */
    static Heap read(Path log, int fromLine) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        int collections = 0;
        long after = 0;
        long committed = 0;
        long live = -1;
        for (String line : lines.subList(Math.min(fromLine, lines.size()), lines.size())) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                collections++;
                after = Math.max(after, Long.parseLong(m.group(2)));
                committed = Math.max(committed, Long.parseLong(m.group(3)));
                if (line.contains("Pause Full")) {
                    live = Long.parseLong(m.group(2));
                }
            }
        }
        return new Heap(collections, after, committed, live);
    }

    static int lines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }
}
