package dev.firebreak.app.models;

import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.fx.LiveRow;
import dev.firebreak.app.testing.Figured;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.firebreak.app.testing.Clusters.model;
import static dev.firebreak.app.testing.Clusters.serving;
import static dev.firebreak.app.testing.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class ModelsViewModelTest {

    private final ModelsViewModel model = new ModelsViewModel();

    private void show(BreakerState onA) {
        model.apply(Figured.of(snapshot(0, List.of(new BreakerView("chat", "a", onA, 0, 0)), List.of(), List.of(),
                serving("a", model("chat", 10, 0, 0, 0, 0), model("code", 10, 0, 0, 0, 0)))));
    }

    @Test
    void shouldShowOneRowPerModelInOrder() {
        show(BreakerState.CLOSED);

        assertThat(model.values()).extracting(ModelFigures::model).containsExactly("chat", "code");
        assertThat(model.values().getFirst().breakersText()).isEqualTo("closed");
    }

    @Test
    void shouldChangeAModelsFiguresInPlaceWhenTheSameModelsComeAgain() {
        show(BreakerState.CLOSED);
        List<LiveRow<ModelFigures>> lines = List.copyOf(model.lines().rows());
        List<String> listChanges = new ArrayList<>();
        model.lines().rows().addListener((ListChangeListener<LiveRow<ModelFigures>>) change -> listChanges.add(change.toString()));

        show(BreakerState.FORCED_OPEN);

        assertThat(listChanges).as("the list does not change, so the table lays out nothing again").isEmpty();
        assertThat(model.lines().rows()).containsExactlyElementsOf(lines);
        assertThat(lines.getFirst().get().breakersText()).isNotEqualTo("closed");
        assertThat(ModelsViewModel.tripAllLabel(lines.getFirst().get())).isEqualTo("Reset all");
    }

    @Test
    void shouldOfferToResetAModelAnOperatorTrippedAndToTripTheOthers() {
        show(BreakerState.FORCED_OPEN);

        assertThat(ModelsViewModel.tripAllLabel(model.values().get(0))).isEqualTo("Reset all");
        assertThat(ModelsViewModel.tripAllLabel(model.values().get(1))).isEqualTo("Trip all");
    }

    @Test
    void shouldNotTakeABreakerOpenByItselfForOneAnOperatorTripped() {
        show(BreakerState.OPEN);

        assertThat(ModelsViewModel.tripAllLabel(model.values().getFirst())).isEqualTo("Trip all");
    }
}
