package dev.firebreak.agent.api;

import java.util.List;

/**
 * Body of {@code POST /api/v1/keys}.
 *
 * @param id             the key to rotate or revoke
 * @param name           who the key is for (CREATE)
 * @param models         the models it may call; absent or empty for every model (CREATE)
 * @param idempotencyKey a client-chosen key: the same key returns the first answer and does nothing again
 */
public record KeyRequest(KeyAction action, String id, String name, List<String> models, Integer requestsPerMinute,
                         Integer tokensPerMinute, Integer maxConcurrent, String reason, String idempotencyKey) {

    /** A new key. */
    public static KeyRequest create(String name, List<String> models, Integer requestsPerMinute, Integer tokensPerMinute,
                                    Integer maxConcurrent, String reason, String idempotencyKey) {
        return new KeyRequest(KeyAction.CREATE, null, name, models, requestsPerMinute, tokensPerMinute, maxConcurrent,
                reason, idempotencyKey);
    }

    /** ROTATE or REVOKE the key {@code id}. */
    public static KeyRequest on(KeyAction action, String id, String reason, String idempotencyKey) {
        return new KeyRequest(action, id, null, null, null, null, null, reason, idempotencyKey);
    }
}
