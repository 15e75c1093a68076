package dev.firebreak.lab.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU time a process has used so far, user and system, from Linux's {@code /proc/<pid>/stat}. */
final class ProcessCpu {

    /** Clock ticks per second of {@code /proc} times: USER_HZ, 100 on every Linux build that matters here. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** Seconds of CPU process {@code pid} has used. */
    static double seconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }
}
