package dev.firebreak.agent.detect;

import dev.firebreak.agent.config.BreakerConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what the detectors see from second to second into findings that raise and clear once:
 * a finding is raised once seen in {@code findingRaiseChecks} checks running, and cleared only
 * once it has not been seen for {@code findingClearMillis} and has been raised for at least
 * {@code findingMinHoldMillis}. A figure that crosses its detector's line every few seconds (a
 * leak's orphaned blocks growing in bursts) keeps one finding raised instead of a raise and a
 * clear each time. Not thread-safe: the detector runner calls it from its one tick.
 */
final class FindingHysteresis {

    /** One finding's identity: the same kind on the same model and node is the same finding from second to second. */
    record Key(String kind, String node, String model) {

        static Key of(Finding f) {
            return new Key(f.kind(), f.node(), f.model());
        }
    }

    /** What one check changed for one finding. */
    sealed interface Change {
        Finding finding();
    }

    /** Seen often enough to raise: new to the operator. */
    record Raised(Finding finding, long sinceMillis) implements Change {
    }

    /** Raised before and seen again (its evidence may have moved). */
    record Held(Finding finding, long sinceMillis) implements Change {
    }

    /** Not seen for the clear period, and raised for the minimum hold: gone. */
    record Cleared(Finding finding, long sinceMillis, long unseenMillis) implements Change {
    }

    /** A finding tracked between checks: seen in a row {@code streak} times; raised at {@code raisedMillis}, or not yet (-1). */
    private record Tracked(Finding latest, int streak, long raisedMillis, long lastSeenMillis) {

        boolean raised() {
            return raisedMillis >= 0;
        }
    }

    private final int raiseChecks;
    private final long clearMillis;
    private final long minHoldMillis;
    private final Map<Key, Tracked> tracked = new HashMap<>();

    FindingHysteresis(BreakerConfig settings) {
        this.raiseChecks = settings.findingRaiseChecks();
        this.clearMillis = settings.findingClearMillis();
        this.minHoldMillis = settings.findingMinHoldMillis();
    }

    /** One check's findings, at {@code nowMillis}: what was raised, held or cleared by it. */
    List<Change> check(List<Finding> seen, long nowMillis) {
        List<Change> changes = new ArrayList<>();
        Set<Key> seenNow = new HashSet<>();
        for (Finding f : seen) {
            Key key = Key.of(f);
            if (!seenNow.add(key)) {
                continue; // two detectors of one kind agreeing: one finding
            }
            Tracked before = tracked.get(key);
            int streak = before == null || before.raised() ? 1 : before.streak() + 1;
            long raisedMillis = before != null && before.raised() ? before.raisedMillis() : streak >= raiseChecks ? nowMillis : -1;
            Tracked now = new Tracked(f, streak, raisedMillis, nowMillis);
            tracked.put(key, now);
            if (now.raised()) {
                changes.add(before != null && before.raised() ? new Held(f, raisedMillis) : new Raised(f, raisedMillis));
            }
        }
        var it = tracked.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            Tracked t = e.getValue();
            if (seenNow.contains(e.getKey())) {
                continue;
            }
            if (!t.raised()) {
                it.remove(); // the streak broke before it was raised
            } else if (nowMillis - t.lastSeenMillis() >= clearMillis && nowMillis - t.raisedMillis() >= minHoldMillis) {
                it.remove();
                changes.add(new Cleared(t.latest(), t.raisedMillis(), nowMillis - t.lastSeenMillis()));
            }
        }
        return changes;
    }

    /** The findings raised now, with the evidence last seen and since when. */
    List<Held> raised() {
        return tracked.values().stream().filter(Tracked::raised).map(t -> new Held(t.latest(), t.raisedMillis())).toList();
    }
}
