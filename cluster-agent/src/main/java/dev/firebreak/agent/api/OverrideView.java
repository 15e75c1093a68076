package dev.firebreak.agent.api;

/** An operator decision in force: which action, on what, by whom, until when (0 = until cleared). */
public record OverrideView(long id, ActionType type, String model, String node, String fallback,
                           java.util.Map<String, Double> weights, String who, String reason, long createdAtMillis,
                           long expiresAtMillis) {
}
