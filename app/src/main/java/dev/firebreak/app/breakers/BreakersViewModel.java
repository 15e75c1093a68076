package dev.firebreak.app.breakers;

import dev.firebreak.app.fleet.FleetFilter;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.OverrideView;
import dev.firebreak.app.fx.LiveRows;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/** The gateway's breakers and the operator overrides in force, as JavaFX state. FX thread only. */
public final class BreakersViewModel {

    private final LiveRows<BreakerView, String> breakers = new LiveRows<>(b -> b.model() + " on " + b.nodeId());
    private final ObservableList<OverrideView> overrides = FXCollections.observableArrayList();

    /** Shows the breakers and overrides of {@code snapshot}; lists that did not change are left alone, so selection survives. */
    public void apply(ClusterSnapshot snapshot) {
        apply(snapshot, FleetFilter.NONE);
    }

    /** The same, with only the breakers {@code filter} keeps (the overrides all shown: they are few and the operator's). */
    public void apply(ClusterSnapshot snapshot, FleetFilter filter) {
        breakers.update(filter.isNone() ? snapshot.breakers() : snapshot.breakers().stream().filter(filter::keeps).toList());
        replaceIfChanged(overrides, snapshot.overrides());
    }

    private static <T> void replaceIfChanged(ObservableList<T> rows, List<T> fresh) {
        if (!fresh.equals(rows)) {
            rows.setAll(fresh);
        }
    }

    /** One line per breaker, whose value is its newest state; the table follows them (see {@link LiveRows}). */
    public LiveRows<BreakerView, String> breakers() {
        return breakers;
    }

    /** The breakers shown, in the agent's order. */
    public List<BreakerView> breakerValues() {
        return breakers.values();
    }

    public ObservableList<OverrideView> overrides() {
        return overrides;
    }

    /** Reset for a breaker an operator forced (open or disabled), Trip for the others. */
    public static String actionLabel(BreakerView breaker) {
        return breaker.state().forced() ? "Reset" : "Trip";
    }

    /** What an override applies to, e.g. "tiny-chat on node-2", "tiny-chat -> tiny-code", "tiny-chat {node-1=3.0}". */
    public static String target(OverrideView o) {
        StringBuilder text = new StringBuilder();
        if (o.model() != null) {
            text.append(o.model());
        }
        if (o.node() != null) {
            text.append(text.isEmpty() ? "" : " on ").append(o.node());
        }
        if (o.fallback() != null) {
            text.append(" -> ").append(o.fallback());
        }
        if (o.weights() != null) {
            text.append(" ").append(o.weights());
        }
        return text.toString();
    }
}
