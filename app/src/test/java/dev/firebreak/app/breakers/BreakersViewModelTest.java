package dev.firebreak.app.breakers;

import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.app.fx.LiveRow;
import dev.firebreak.agent.api.OverrideView;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.firebreak.app.testing.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class BreakersViewModelTest {

    private final BreakersViewModel model = new BreakersViewModel();
    private final BreakerView open = new BreakerView("chat", "a", BreakerState.OPEN, 80, 10);
    private final OverrideView reroute = new OverrideView(7, ActionType.REROUTE, "chat", null, null,
            Map.of("a", 3.0), "ops", "test", 0, 0);

    @Test
    void shouldShowTheBreakersAndOverridesOfTheSnapshotAndLeaveThemAloneWhenNothingChanged() {
        model.apply(snapshot(0, List.of(open), List.of(reroute), List.of()));
        List<Object> changes = new ArrayList<>();
        model.breakers().rows().addListener((ListChangeListener<LiveRow<BreakerView>>) changes::add);

        model.apply(snapshot(1000, List.of(open), List.of(reroute), List.of()));

        assertThat(model.breakerValues()).containsExactly(open);
        assertThat(model.overrides()).containsExactly(reroute);
        assertThat(changes).as("selection survives an unchanged snapshot").isEmpty();
    }

    @Test
    void shouldOfferResetOnlyForWhatAnOperatorForced() {
        assertThat(BreakersViewModel.actionLabel(open)).isEqualTo("Trip");
        assertThat(BreakersViewModel.actionLabel(new BreakerView("chat", "a", BreakerState.HALF_OPEN, 0, 0))).isEqualTo("Trip");
        assertThat(BreakersViewModel.actionLabel(new BreakerView("chat", "a", BreakerState.FORCED_OPEN, 0, 0))).isEqualTo("Reset");
        assertThat(BreakersViewModel.actionLabel(new BreakerView("chat", "a", BreakerState.DISABLED, 0, 0))).isEqualTo("Reset");
    }

    @Test
    void shouldSayWhatAnOverrideAppliesTo() {
        assertThat(BreakersViewModel.target(reroute)).isEqualTo("chat {a=3.0}");
        assertThat(BreakersViewModel.target(new OverrideView(8, ActionType.DRAIN, null, "b", null, null, "ops", "x", 0, 0)))
                .isEqualTo("b");
        assertThat(BreakersViewModel.target(new OverrideView(9, ActionType.SET_FALLBACK, "chat", null, "code", null, "ops", "x", 0, 0)))
                .isEqualTo("chat -> code");
    }
}
