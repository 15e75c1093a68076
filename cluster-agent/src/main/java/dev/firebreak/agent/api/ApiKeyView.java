package dev.firebreak.agent.api;

import java.util.List;

/**
 * A client API key of the gateway as the agent shows it: never its secret, only the secret's first
 * characters so a person can tell keys apart.
 *
 * @param prefix            the first characters of the secret, e.g. {@code fb-3kQ9x}
 * @param models            the models the key may call; empty for every model
 * @param requestsPerMinute requests a minute, or {@code null} for no limit
 * @param tokensPerMinute   prompt and completion tokens a minute, or {@code null} for no limit
 * @param maxConcurrent     requests in flight at once, or {@code null} for no limit
 * @param rotatedAtMillis   when its secret was last replaced (its creation for a key never rotated)
 * @param revokedAtMillis   when it was revoked, or {@code null} while it works
 */
public record ApiKeyView(String id, String name, String prefix, List<String> models, Integer requestsPerMinute,
                         Integer tokensPerMinute, Integer maxConcurrent, String createdBy, long createdAtMillis,
                         long rotatedAtMillis, Long revokedAtMillis) {

    public ApiKeyView {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** Whether the key may call {@code model}. */
    public boolean allows(String model) {
        return models.isEmpty() || models.contains(model);
    }

    public boolean revoked() {
        return revokedAtMillis != null;
    }
}
