package dev.firebreak.agent.access;

import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.node.http.BearerToken;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;

import java.util.List;

/** Checks the bearer token of a request against the configured tokens and their roles. */
public final class Access {

    private final List<AccessToken> tokens;

    public Access(List<AccessToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** The name of the token the request carries, if it is one of ours (for the audit of refused attempts). */
    public java.util.Optional<String> nameOf(Exchange exchange) {
        return match(exchange).map(AccessToken::name);
    }

    /** The role of the token the request carries, if it is one of ours. */
    public java.util.Optional<Role> roleOf(Exchange exchange) {
        return match(exchange).map(AccessToken::role);
    }

    private java.util.Optional<AccessToken> match(Exchange exchange) {
        return BearerToken.of(exchange).flatMap(presented -> tokens.stream()
                .filter(t -> BearerToken.matches(presented, t.token())).findFirst());
    }

    /**
     * The principal of the request, if it may do what {@code needed} may; a refusal is first handed to
     * {@code audit} as a DENIED line naming who tried (the token's name, if it is one of ours) and from where.
     *
     * @param action what the audit line calls the attempt, e.g. {@code (any)} before the body is read
     */
    public Principal requireAudited(Exchange exchange, Role needed, String action, long atMillis,
                                    java.util.function.Consumer<dev.firebreak.agent.api.AuditEntry> audit) {
        try {
            return require(exchange, needed);
        } catch (HttpError denied) {
            audit.accept(new dev.firebreak.agent.api.AuditEntry(0, atMillis, nameOf(exchange).orElse("(unknown token)"),
                    roleOf(exchange).map(r -> r.name().toLowerCase()).orElse(null), exchange.remoteHost(), action, null,
                    null, null, "DENIED", denied.getMessage(), null, null));
            throw denied;
        }
    }

    /**
     * The principal of the request, if it may do what {@code needed} may.
     *
     * @throws HttpError 401 for no or an unknown token, 403 for a role below {@code needed}
     */
    public Principal require(Exchange exchange, Role needed) {
        String presented = BearerToken.of(exchange).orElseThrow(
                () -> HttpError.unauthorized("missing Authorization: Bearer <token>"));
        AccessToken match = null;
        for (AccessToken token : tokens) {
            // Compare against every token, so the time taken does not tell which one nearly matched.
            if (BearerToken.matches(presented, token.token())) {
                match = token;
            }
        }
        if (match == null) {
            throw HttpError.unauthorized("the token is not valid for this agent");
        }
        if (!match.role().covers(needed)) {
            throw HttpError.forbidden(match.name() + " has role " + match.role().name().toLowerCase()
                    + "; this needs " + needed.name().toLowerCase());
        }
        return new Principal(match.name(), match.role());
    }
}
