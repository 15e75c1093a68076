package dev.firebreak.app.actions;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One action waiting for the operator's yes: what it is, an optional choice (a node, a fallback
 * model, weights), the impact of each choice in current figures, and what to do on confirm.
 *
 * @param choiceLabel what the choice is, or {@code null} for an action without one
 * @param choices suggested values; the operator may also type one
 * @param impact the preview for a choice ({@code null} when there is no choice)
 * @param expiry whether the action can end by itself (an override), so the pane offers an expiry
 */
public record Confirmation(String title, String choiceLabel, List<String> choices, Function<String, String> impact,
                           boolean expiry, Consumer<Decision> onConfirm) {

    public Confirmation {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** An action with no choice to make. */
    public static Confirmation simple(String title, String impact, boolean expiry, Consumer<Decision> onConfirm) {
        return new Confirmation(title, null, List.of(), c -> impact, expiry, onConfirm);
    }

    /**
     * What the operator confirmed.
     *
     * @param choice the chosen value, or {@code null} without a choice
     * @param expiresInSeconds when the override ends by itself, or {@code null} for never
     */
    public record Decision(String choice, String reason, Long expiresInSeconds) {
    }
}
