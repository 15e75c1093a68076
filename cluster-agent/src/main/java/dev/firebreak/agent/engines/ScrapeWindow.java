package dev.firebreak.agent.engines;

import dev.firebreak.agent.engines.PrometheusText.Exposition;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The recent scrapes of one node: counters become rates against the scrape about a second
 * earlier, histograms become percentiles over the last {@value #WINDOW_MILLIS} ms (25 at least) (the same kind
 * of recent window a Firebreak node's own percentiles cover).
 */
final class ScrapeWindow {

    static final long WINDOW_MILLIS = 30_000;
    static final long RATE_MILLIS = 1_000;
    /** Every scrape of this recent past is kept, so the rate base is the one about a second back. */
    static final long RECENT_MILLIS = 2 * RATE_MILLIS;
    /** Older scrapes are kept this far apart: the window starts 25-30 s back. */
    static final long SPACING_MILLIS = 5_000;

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

    /**
     * Keeps {@code exposition} and forgets what fell out of the window. Past the last
     * {@value #RECENT_MILLIS} ms (where the rate base is) one scrape per {@value #SPACING_MILLIS} ms
     * is enough for the window's start: at a thousand nodes, thirty whole expositions per node were
     * most of the agent's heap.
     */
    synchronized void add(long atMillis, Exposition exposition) {
        past.addLast(new Past(atMillis, exposition));
        while (past.size() > 1 && atMillis - past.peekFirst().atMillis() > WINDOW_MILLIS) {
            past.removeFirst();
        }
        long lastKept = 0;
        boolean first = true;
        for (var it = past.iterator(); it.hasNext(); first = false) {
            long at = it.next().atMillis();
            if (!first && atMillis - at > RECENT_MILLIS && at - lastKept < SPACING_MILLIS) {
                it.remove();
            } else {
                lastKept = at;
            }
        }
    }

    /** Scrapes held now (for tests). */
    synchronized int size() {
        return past.size();
    }
}
