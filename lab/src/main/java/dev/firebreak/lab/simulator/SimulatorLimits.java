package dev.firebreak.lab.simulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the machine must allow before the simulator binds: enough file descriptors for every
 * node's port, selector and connections, and a fixed port range outside the kernel's ephemeral
 * range (whose ports outgoing connections take, so a node could find its port taken by a client).
 */
final class SimulatorLimits {

    /** A node's listening socket, its selector's epoll and wake-up descriptors, and a scrape connection or two. */
    static final int DESCRIPTORS_PER_NODE = 5;
    /** The JVM's own jars, logs and sockets. */
    static final int DESCRIPTORS_BASE = 256;
    private static final Path EPHEMERAL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private SimulatorLimits() {
    }

    static void check(SimulatorOptions options) {
        check(options, descriptorLimit(), ephemeralRange());
    }

    /** The checks against a given descriptor limit (-1: unknown) and ephemeral range ({@code null}: unknown). */
    static void check(SimulatorOptions options, long limit, int[] ephemeral) {
        long needed = (long) options.nodes() * DESCRIPTORS_PER_NODE + DESCRIPTORS_BASE;
        if (limit > 0 && needed > limit) {
            throw new IllegalArgumentException("--nodes=" + options.nodes() + " needs about " + needed
                    + " file descriptors, over this process's limit of " + limit + " (ulimit -n); raise it with 'ulimit -n "
                    + roundUp(needed) + "' in the shell that starts the simulator (LimitNOFILE= for a systemd unit), or simulate at most "
                    + (limit - DESCRIPTORS_BASE) / DESCRIPTORS_PER_NODE + " nodes");
        }
        if (options.basePort() != 0 && ephemeral != null) {
            int first = options.basePort();
            int last = first + options.nodes() - 1;
            if (first <= ephemeral[1] && last >= ephemeral[0]) {
                throw new IllegalArgumentException("--base-port=" + first + " with --nodes=" + options.nodes() + " takes ports "
                        + first + "-" + last + ", which overlap the kernel's ephemeral range " + ephemeral[0] + "-" + ephemeral[1]
                        + " (" + EPHEMERAL + ") that outgoing connections take ports from; pick ports below " + ephemeral[0]
                        + " or above " + ephemeral[1] + ", or --base-port=0 for any free ports");
            }
        }
    }

    /** This process's limit on open file descriptors, or -1 where the JVM does not tell it. */
    static long descriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    private static int[] ephemeralRange() {
        try {
            String[] parts = Files.readString(EPHEMERAL).trim().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long roundUp(long needed) {
        long power = 1024;
        while (power < needed) {
            power *= 2;
        }
        return power;
    }
}
