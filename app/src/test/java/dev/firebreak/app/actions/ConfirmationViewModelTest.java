package dev.firebreak.app.actions;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfirmationViewModelTest {

    private final ConfirmationViewModel model = new ConfirmationViewModel();
    private final List<Confirmation.Decision> decided = new ArrayList<>();

    private Confirmation reroute() {
        return new Confirmation("Reroute chat", "Move off a node, or weights:", List.of("off a", "a=1 b=1"), choice -> {
            if (choice.contains("oops")) {
                throw new IllegalArgumentException("A weight is a number of 0 or more: 'a=oops'.");
            }
            return choice.startsWith("off") ? "WARNING: b would be crowded" : "by weight";
        }, true, decided::add);
    }

    @Test
    void shouldShowTheActionWithTheImpactOfTheFirstChoice() {
        model.ask(reroute());

        assertThat(model.askingProperty().get()).isTrue();
        assertThat(model.titleProperty().get()).isEqualTo("Reroute chat");
        assertThat(model.choices()).containsExactly("off a", "a=1 b=1");
        assertThat(model.choiceProperty().get()).isEqualTo("off a");
        assertThat(model.impactProperty().get()).isEqualTo("WARNING: b would be crowded");
        assertThat(model.warningProperty().get()).isTrue();
        assertThat(model.expiryOfferedProperty().get()).isTrue();
    }

    @Test
    void shouldPreviewEachChoiceAsTypedAndExplainOneThatIsNot() {
        model.ask(reroute());

        model.choiceProperty().set("a=1 b=1");
        assertThat(model.impactProperty().get()).isEqualTo("by weight");
        assertThat(model.warningProperty().get()).isFalse();

        model.choiceProperty().set("a=oops");
        assertThat(model.impactProperty().get()).contains("A weight is a number");
    }

    @Test
    void shouldNotActWithoutAReason() {
        model.ask(reroute());
        assertThat(model.confirmDisabledProperty().get()).isTrue();

        model.confirm();
        model.reasonProperty().set("   ");
        model.confirm();

        assertThat(decided).isEmpty();
        assertThat(model.askingProperty().get()).isTrue();
    }

    @Test
    void shouldSendTheDecisionWithItsReasonAndExpiryOnce() {
        model.ask(reroute());
        model.choiceProperty().set(" a=1 b=1 ");
        model.reasonProperty().set(" ticket 4711 ");
        model.expiryProperty().set(Expiry.CHOICES.get(2));

        model.confirm();
        model.confirm();

        assertThat(decided).containsExactly(new Confirmation.Decision("a=1 b=1", "ticket 4711", 3600L));
        assertThat(model.askingProperty().get()).isFalse();
    }

    @Test
    void shouldForgetTheReasonOfTheLastActionAndGiveNoExpiryToOneThatCannotHaveIt() {
        model.ask(reroute());
        model.reasonProperty().set("first");
        model.cancel();

        model.ask(Confirmation.simple("Drain a", "Drain a: it finishes its work.", false, decided::add));
        assertThat(model.reasonProperty().get()).isEmpty();
        assertThat(model.choiceLabelProperty().get()).isEmpty();
        model.reasonProperty().set("maintenance");
        model.expiryProperty().set(Expiry.CHOICES.get(1));
        model.confirm();

        assertThat(decided).containsExactly(new Confirmation.Decision(null, "maintenance", null));
    }
}
