package dev.firebreak.agent.state;

import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.api.OverrideView;
import dev.firebreak.agent.incidents.IncidentLog;
import dev.firebreak.agent.slo.SloLog;

import java.sql.SQLException;
import java.util.List;

/**
 * What the agent must not forget and, with several replicas, must share: the operator overrides in
 * force (with their expiry), the audit log and the idempotency keys of actions. Embedded SQLite for
 * one agent, PostgreSQL for replicas. A store that cannot be reached throws
 * {@link StateUnavailableException}; every other failure is a plain {@link SQLException}.
 */
public interface StateStore extends AutoCloseable {

    /**
     * Runs an operator action once under its idempotency key, across every agent sharing this
     * store: the key is claimed first (a concurrent claim of the same key on another agent waits
     * for this one to commit), then {@code action} runs, then its audit entry, the override it made
     * and the overrides it ended are written in the same transaction. A key already used returns
     * the first action's entry without running {@code action}.
     */
    Recorded perform(String idempotencyKey, Action action) throws SQLException;

    /** Appends to the audit log what is not an action under a key (a refused attempt); returns its id. */
    long audit(AuditEntry entry) throws SQLException;

    /** The newest entries first. */
    List<AuditEntry> recent(int limit) throws SQLException;

    /** Every override in force, oldest first. */
    List<OverrideView> activeOverrides() throws SQLException;

    /**
     * Ends an override at its expiry and writes {@code entry} for it, only if it was still in force:
     * of several agents expiring the same override, exactly one gets {@code true} and writes the entry.
     */
    boolean expire(long overrideId, AuditEntry entry) throws SQLException;

    /** Every client API key of the gateway, revoked ones too, oldest first. */
    List<StoredKey> apiKeys() throws SQLException;

    /**
     * Writes a client API key (new, rotated or revoked) and tells the other agents at commit. Inside
     * {@link #perform}'s action it joins that transaction, so the key and its audit entry commit together.
     */
    void saveKey(StoredKey key) throws SQLException;

    /** The incidents, kept beside the audit log so that a restarted agent carries on with the open ones. */
    IncidentLog incidents();

    /** The SLO events per minute, shared by every agent of the store. */
    SloLog sloMinutes();

    /** Whether the store answers now, for {@code /health}. */
    StoreStatus status();

    /**
     * Calls {@code listener} whenever the overrides or the client keys may have changed elsewhere (another agent
     * acted, or the store came back after an outage); never, for a store only this agent uses.
     */
    default void onChange(Runnable listener) {
        // a store only this agent writes changes only by this agent's own hand
    }

    @Override
    void close();

    /**
     * Closes the store of an agent that failed to start (its port taken, say), leaving on disk nothing
     * this start wrote there: a file store it created is removed again.
     */
    default void closeAfterFailedStart() {
        close();
    }

    /** An operator action run inside {@link #perform}: it applies itself and says what to write. */
    @FunctionalInterface
    interface Action {
        Performed run() throws SQLException;
    }

    /**
     * What an action did: its audit entry (id and key filled in by the store), the override it
     * put in force (id filled in with the entry's, or null) and the ids of the overrides it ended.
     */
    record Performed(AuditEntry entry, OverrideView override, List<Long> ended) {
        public Performed {
            ended = List.copyOf(ended);
        }
    }

    /** A client API key as stored: what is shown of it and the SHA-256 of its secret, never the secret. */
    record StoredKey(dev.firebreak.agent.api.ApiKeyView key, String secretHash) {
    }

    /** The audit entry of an action under its key, the override saved with it, and whether it ran earlier. */
    record Recorded(AuditEntry entry, OverrideView override, boolean repeated) {
    }
}
