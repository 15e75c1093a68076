package dev.firebreak.agent.config;

/**
 * What the gateway does for one model.
 *
 * @param fallback the model to serve instead when this one has no healthy capacity, or {@code null}
 * @param maxConcurrent in-flight limit for this model, overriding the gateway's default
 */
public record ModelPolicy(String name, String fallback, Integer maxConcurrent) {

    public ModelPolicy {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("models: every entry needs a name");
        }
        if (name.equals(fallback)) {
            throw new IllegalArgumentException("models[" + name + "].fallback cannot be the model itself");
        }
        if (maxConcurrent != null && maxConcurrent < 1) {
            throw new IllegalArgumentException("models[" + name + "].maxConcurrent must be at least 1");
        }
    }
}
