package dev.firebreak.agent.api;

/**
 * The answer to an action: its audit id and what came of it.
 *
 * @param decision APPLIED, or REJECTED with the reason in {@code outcome}
 * @param prior the state before the action, as text an operator can read
 */
public record ActionResult(long auditId, ActionType type, String target, String decision, String outcome, String prior) {
}
