package dev.firebreak.agent.api;

/**
 * Answer of {@code POST /api/v1/keys}.
 *
 * @param secret the key's secret after CREATE and ROTATE, shown this once (the agent keeps only its hash);
 *               {@code null} otherwise and when the answer repeats an earlier one under the same idempotency key
 */
public record KeyResult(long auditId, KeyAction action, ApiKeyView key, String secret, String outcome) {
}
