package dev.firebreak.agent.config;

import dev.firebreak.agent.api.Role;

/** A bearer token the agent accepts, who holds it, and what it may do. */
public record AccessToken(String name, Role role, String token) {

    /** Shorter tokens are too easy to guess. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public AccessToken {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("access: every token needs a name (who holds it)");
        }
        if (role == null) {
            throw new IllegalArgumentException("access[" + name + "].role is missing: viewer or operator");
        }
        if (token == null || token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("access[" + name + "].token must be at least "
                    + MIN_TOKEN_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return "AccessToken[name=" + name + ", role=" + role + "]";
    }
}
