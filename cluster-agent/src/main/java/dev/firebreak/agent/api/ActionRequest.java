package dev.firebreak.agent.api;

/**
 * Body of {@code POST /api/v1/actions}.
 *
 * @param node the node, or {@code null} for every node (TRIP, RESET)
 * @param weights for REROUTE without a node: relative share of the model's traffic per node (0 = none)
 * @param overrideId the audit id of the override to end (CLEAR)
 * @param idempotencyKey a client-chosen key: the same key returns the first answer and does nothing again
 * @param expiresAtMillis epoch millis when an override ends by itself, or {@code null} for never
 * @param incidentId the incident to acknowledge or resolve (ACKNOWLEDGE, RESOLVE)
 */
public record ActionRequest(ActionType type, String model, String node, String fallback, java.util.Map<String, Double> weights,
                            Long overrideId,
                            Long drainDeadlineSeconds, String reason, String idempotencyKey, Long expiresAtMillis,
                            String incidentId) {

    /** An action that is not about an incident. */
    public ActionRequest(ActionType type, String model, String node, String fallback, java.util.Map<String, Double> weights,
                         Long overrideId, Long drainDeadlineSeconds, String reason, String idempotencyKey, Long expiresAtMillis) {
        this(type, model, node, fallback, weights, overrideId, drainDeadlineSeconds, reason, idempotencyKey, expiresAtMillis, null);
    }

    /** An operator's word on an incident. */
    public static ActionRequest onIncident(ActionType type, String incidentId, String reason, String idempotencyKey) {
        return new ActionRequest(type, null, null, null, null, null, null, reason, idempotencyKey, null, incidentId);
    }
}
