package dev.firebreak.agent.engines;

import dev.firebreak.agent.engines.PrometheusText.Exposition;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The recent scrapes of one node: counters become rates against the scrape about a second
 * earlier, histograms become percentiles over the last {@value #WINDOW_MILLIS} ms (the same kind
 * of recent window a Firebreak node's own percentiles cover).
 */
final class ScrapeWindow {

    static final long WINDOW_MILLIS = 30_000;
    static final long RATE_MILLIS = 1_000;

    /** One earlier scrape. */
    record Past(long atMillis, Exposition exposition) {
    }

    private final Deque<Past> past = new ArrayDeque<>();

    /** The newest scrape at least {@value #RATE_MILLIS} ms before {@code nowMillis}, else the oldest kept, else {@code null}. */
    synchronized Past rateBase(long nowMillis) {
        Past base = null;
        for (Past p : past) {
            if (nowMillis - p.atMillis() >= RATE_MILLIS || base == null) {
                base = p;
            }
        }
        return base;
    }

    /** The oldest scrape kept, or {@code null}. */
    synchronized Past windowStart() {
        return past.peekFirst();
    }

    /** Keeps {@code exposition} and forgets what fell out of the window. */
    synchronized void add(long atMillis, Exposition exposition) {
        past.addLast(new Past(atMillis, exposition));
        while (past.size() > 1 && atMillis - past.peekFirst().atMillis() > WINDOW_MILLIS) {
            past.removeFirst();
        }
    }
}
