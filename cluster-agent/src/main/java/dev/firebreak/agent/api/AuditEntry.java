package dev.firebreak.agent.api;

/**
 * One line of the audit log: who did what, when, why, and what came of it. Refused attempts are
 * logged too, with the decision DENIED.
 */
public record AuditEntry(long id, long atMillis, String who, String role, String source, String action, String target,
                         String params, String prior, String decision, String outcome, String reason, String idempotencyKey) {
}
