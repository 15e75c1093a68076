package dev.firebreak.agent.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.agent.access.Access;
import dev.firebreak.agent.audit.AuditedChange;
import dev.firebreak.agent.api.ApiKeyView;
import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.api.KeyAction;
import dev.firebreak.agent.api.KeyRequest;
import dev.firebreak.agent.api.KeyResult;
import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.state.StateStore;
import dev.firebreak.agent.state.StoreFailures;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;
import dev.firebreak.node.http.Json;

import java.io.IOException;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code GET /api/v1/keys} (viewer: the keys and their usage here, never a secret) and
 * {@code POST /api/v1/keys} (operator: create, rotate, revoke). Each change is an audited action
 * under its idempotency key, written with the key in one transaction of the state store, so every
 * replica sharing the store enforces it as soon as the store tells it.
 */
public final class KeysApi {

    private static final int MAX_BODY = 8192;
    private static final int MAX_NAME = 100;
    private static final System.Logger LOG = System.getLogger(KeysApi.class.getName());

    private final StateStore store;
    private final KeyRing ring;
    private final Access access;
    private final InstantSource clock;
    private final Consumer<AuditEntry> audited;

    /** @param audited hears every line this API writes to the audit log (the agent's action counters) */
    public KeysApi(StateStore store, KeyRing ring, Access access, InstantSource clock, Consumer<AuditEntry> audited) {
        this.store = store;
        this.ring = ring;
        this.access = access;
        this.clock = clock;
        this.audited = audited;
    }

    public void list(Exchange exchange) throws IOException {
        access.require(exchange, Role.VIEWER);
        exchange.json(200, ring.statuses());
    }

    public synchronized void act(Exchange exchange) throws IOException {
        String source = exchange.remoteHost();
        Principal who = access.requireAudited(exchange, Role.OPERATOR, "(any KEY_ action)", clock.millis(), this::audit);
        KeyRequest request = AuditedChange.read(exchange, KeyRequest.class, MAX_BODY, KeysApi::validate, "invalid_key_action");
        ApiKeyView existing = request.action() == KeyAction.CREATE ? null : existing(request, who, source);
        long now = clock.millis();
        KeySecret secret = request.action() == KeyAction.REVOKE ? null : KeySecret.generate();
        ApiKeyView changed = changed(request, existing, secret, who, now);
        StateStore.Recorded recorded;
        try {
            recorded = store.perform(request.idempotencyKey(), () -> {
                store.saveKey(new StateStore.StoredKey(changed, secret != null ? secret.hash() : storedHash(changed.id())));
                AuditEntry entry = new AuditEntry(0, now, who.name(), who.role().name().toLowerCase(), source,
                        auditName(request.action()), changed.id(), params(request),
                        existing == null ? null : existing.prefix() + "...", "APPLIED", outcome(request.action(), changed),
                        request.reason(), request.idempotencyKey());
                return new StateStore.Performed(entry, null, List.of());
            });
        } catch (SQLException e) {
            throw storeError(e);
        }
        AuditEntry e = recorded.entry();
        if (recorded.repeated()) {
            if (!e.action().equals(auditName(request.action()))) {
                throw new HttpError(409, "idempotency_key_reused", "the idempotency key " + request.idempotencyKey()
                        + " was used for " + e.action() + " (audit " + e.id() + "); use a new key for this action");
            }
            exchange.json(200, new KeyResult(e.id(), request.action(), stored(e.target()).orElse(null), null,
                    e.outcome() + " (already done: same idempotency key; a secret is shown only once)"));
            return;
        }
        audited.accept(e);
        ring.sync();
        LOG.log(System.Logger.Level.WARNING, "key action id={0} by={1} type={2} key={3} ({4}): {5}", e.id(), who.name(),
                request.action(), changed.id(), changed.name(), e.outcome());
        exchange.json(200, new KeyResult(e.id(), request.action(), changed, secret == null ? null : secret.value(),
                e.outcome()));
    }

    /** The key a ROTATE or REVOKE acts on; a refusal (unknown, already revoked) is audited and thrown. */
    private ApiKeyView existing(KeyRequest request, Principal who, String source) {
        ApiKeyView existing = stored(request.id()).orElse(null);
        HttpError refused = null;
        if (existing == null) {
            refused = new HttpError(404, "key_not_found", "no client key '" + request.id() + "'");
        } else if (existing.revoked()) {
            refused = new HttpError(409, "key_revoked", "the client key '" + request.id() + "' (" + existing.name()
                    + ") is already revoked");
        }
        if (refused != null) {
            audit(new AuditEntry(0, clock.millis(), who.name(), who.role().name().toLowerCase(), source,
                    auditName(request.action()), request.id(), params(request), null, "REJECTED", refused.getMessage(),
                    request.reason(), null));
            throw refused;
        }
        return existing;
    }

    private static ApiKeyView changed(KeyRequest r, ApiKeyView existing, KeySecret secret, Principal who, long now) {
        return switch (r.action()) {
            case CREATE -> new ApiKeyView(newId(), r.name().strip(), secret.shown(), r.models(), r.requestsPerMinute(),
                    r.tokensPerMinute(), r.maxConcurrent(), who.name(), now, now, null);
            case ROTATE -> new ApiKeyView(existing.id(), existing.name(), secret.shown(), existing.models(),
                    existing.requestsPerMinute(), existing.tokensPerMinute(), existing.maxConcurrent(), existing.createdBy(),
                    existing.createdAtMillis(), now, null);
            case REVOKE -> new ApiKeyView(existing.id(), existing.name(), existing.prefix(), existing.models(),
                    existing.requestsPerMinute(), existing.tokensPerMinute(), existing.maxConcurrent(), existing.createdBy(),
                    existing.createdAtMillis(), existing.rotatedAtMillis(), now);
        };
    }

    private static String outcome(KeyAction action, ApiKeyView k) {
        String limits = "models " + (k.models().isEmpty() ? "all" : k.models()) + ", " + orNone(k.requestsPerMinute())
                + " requests/min, " + orNone(k.tokensPerMinute()) + " tokens/min, " + orNone(k.maxConcurrent()) + " concurrent";
        return switch (action) {
            case CREATE -> "key " + k.id() + " (" + k.name() + ", " + k.prefix() + "...) created: " + limits;
            case ROTATE -> "key " + k.id() + " (" + k.name() + ") has a new secret " + k.prefix() + "...; the old one no longer works";
            case REVOKE -> "key " + k.id() + " (" + k.name() + ", " + k.prefix() + "...) revoked";
        };
    }

    private static String orNone(Integer limit) {
        return limit == null ? "no limit of" : limit.toString();
    }

    /** The audit log's name of a key action: KEY_CREATE, KEY_ROTATE, KEY_REVOKE. */
    static String auditName(KeyAction action) {
        return "KEY_" + action.name();
    }

    private static String newId() {
        byte[] bytes = new byte[6];
        new java.security.SecureRandom().nextBytes(bytes);
        return "key-" + HexFormat.of().formatHex(bytes);
    }

    private Optional<ApiKeyView> stored(String id) {
        return storedKey(id).map(StateStore.StoredKey::key);
    }

    private Optional<StateStore.StoredKey> storedKey(String id) {
        try {
            return store.apiKeys().stream().filter(k -> k.key().id().equals(id)).findFirst();
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    /** A revoked key keeps its hash, so its secret can never be given to another key. */
    private String storedHash(String id) throws SQLException {
        return storedKey(id).map(StateStore.StoredKey::secretHash)
                .orElseThrow(() -> new SQLException("client key " + id + " vanished from the store"));
    }

    private static String validate(KeyRequest r) {
        if (r == null || r.action() == null) {
            return "action is required: one of CREATE, ROTATE, REVOKE";
        }
        String unaudited = AuditedChange.problem(r.reason(), r.idempotencyKey());
        if (unaudited != null) {
            return unaudited;
        }
        if (r.action() != KeyAction.CREATE) {
            return r.id() == null || r.id().isBlank() ? r.action() + " needs the id of the key" : null;
        }
        if (r.name() == null || r.name().isBlank() || r.name().length() > MAX_NAME) {
            return "name is required (1-" + MAX_NAME + " characters): who the key is for";
        }
        for (var limit : List.of(new Limit("requestsPerMinute", r.requestsPerMinute()),
                new Limit("tokensPerMinute", r.tokensPerMinute()), new Limit("maxConcurrent", r.maxConcurrent()))) {
            if (limit.value() != null && limit.value() < 1) {
                return limit.name() + " must be at least 1, or absent for no limit; got " + limit.value();
            }
        }
        if (r.models() != null && r.models().stream().anyMatch(m -> m == null || m.isBlank())) {
            return "models must be model names (an empty list allows every model)";
        }
        return null;
    }

    private record Limit(String name, Integer value) {
    }

    private static String params(KeyRequest r) {
        try {
            return Json.mapper().writeValueAsString(r);
        } catch (JsonProcessingException e) {
            return r.toString();
        }
    }

    private void audit(AuditEntry entry) {
        try {
            store.audit(entry);
            audited.accept(entry);
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    private static HttpError storeError(SQLException e) {
        return StoreFailures.asHttp(e, "client keys cannot change while the state store is down "
                + "(the gateway goes on with the keys it knows)", "the key action was not taken");
    }
}
