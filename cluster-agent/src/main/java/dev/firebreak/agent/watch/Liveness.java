package dev.firebreak.agent.watch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Judges whether a node whose scrape failed is down. Certain evidence (nothing listens, the
 * connection was reset) is down at once; a scrape that only timed out is down after
 * {@code timeoutsBeforeDown} in a row, and not at all while the gateway still gets answers from the
 * node: a CPU-starved node that serves its traffic but answers its status late is slow, not dead,
 * and declaring it down would pour its traffic onto its peers.
 */
public final class Liveness {

    /** What a failed scrape makes of a node. */
    public enum Verdict {
        /** Not enough evidence yet: it stays as it was. */
        UNDECIDED,
        /** Its status answers time out, but it still answers the gateway's requests. */
        SLOW,
        DOWN
    }

    private final int timeoutsBeforeDown;
    private final ToLongFunction<String> gatewayAnswers;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();

    private static final class Track {
        int timeouts;
        long answersSeen;
    }

    /**
     * @param timeoutsBeforeDown timed-out scrapes in a row that, with no other sign of life, make a node down
     * @param gatewayAnswers how many answers the gateway has had from a node so far
     */
    public Liveness(int timeoutsBeforeDown, ToLongFunction<String> gatewayAnswers) {
        if (timeoutsBeforeDown < 1 || timeoutsBeforeDown > 100) {
            throw new IllegalArgumentException("timeoutsBeforeDown must be 1-100, got " + timeoutsBeforeDown);
        }
        this.timeoutsBeforeDown = timeoutsBeforeDown;
        this.gatewayAnswers = gatewayAnswers;
    }

    /** The judgement the agent had before: one silent spell past the down threshold is down. */
    public static Liveness onFirstTimeout() {
        return new Liveness(1, node -> 0);
    }

    /** True when the failure leaves no doubt that nothing serves at the node's address. */
    public static boolean certain(IOException e) {
        if (e instanceof ConnectException) {
            return true;
        }
        String message = e.getMessage();
        return e instanceof SocketException && message != null && message.toLowerCase(java.util.Locale.ROOT).contains("reset");
    }

    /** The node answered its scrape: the count of timeouts starts again. */
    public void answered(String node) {
        Track t = track(node);
        synchronized (t) {
            t.timeouts = 0;
            t.answersSeen = gatewayAnswers.applyAsLong(node);
        }
    }

    /**
     * A scrape of the node timed out or failed without certain evidence.
     *
     * @param silentLongEnough whether the node has given no status for the down threshold
     */
    public Verdict timedOut(String node, boolean silentLongEnough) {
        Track t = track(node);
        synchronized (t) {
            t.timeouts++;
            long answers = gatewayAnswers.applyAsLong(node);
            boolean serving = answers > t.answersSeen;
            t.answersSeen = answers;
            if (serving) {
                return Verdict.SLOW;
            }
            return silentLongEnough && t.timeouts >= timeoutsBeforeDown ? Verdict.DOWN : Verdict.UNDECIDED;
        }
    }

    /** Timed-out scrapes in a row of the node. */
    public int timeouts(String node) {
        Track t = track(node);
        synchronized (t) {
            return t.timeouts;
        }
    }

    public void forget(String node) {
        tracks.remove(node);
    }

    private Track track(String node) {
        return tracks.computeIfAbsent(node, n -> new Track());
    }
}
