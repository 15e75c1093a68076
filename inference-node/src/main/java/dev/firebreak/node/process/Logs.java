package dev.firebreak.node.process;

/** Logging set-up shared by every Firebreak main: one line per event, UTC timestamp first. */
public final class Logs {

    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private Logs() {
    }

    /** Call first thing in {@code main}, before anything logs; a format given with -D wins. */
    public static void configure() {
        if (System.getProperty(FORMAT_PROPERTY) == null) {
            System.setProperty(FORMAT_PROPERTY, "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s %5$s%6$s%n");
        }
        System.setProperty("user.timezone", "UTC");
    }
}
