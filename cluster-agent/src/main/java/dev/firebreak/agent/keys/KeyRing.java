package dev.firebreak.agent.keys;

import dev.firebreak.agent.api.ApiKeyView;
import dev.firebreak.agent.api.KeyStatus;
import dev.firebreak.agent.state.StateStore;

import java.sql.SQLException;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client keys this replica enforces: those the state store holds, re-read whenever it says they
 * may have changed (another replica created, rotated or revoked one). A key's quota lives by its id,
 * so rotating its secret keeps its usage and limits. While the store is down the keys known last
 * stay in force.
 */
public final class KeyRing {

    private static final System.Logger LOG = System.getLogger(KeyRing.class.getName());

    private final StateStore store;
    private final InstantSource clock;
    /** Working keys by the hash of their secret. */
    private volatile Map<String, KeyQuota> byHash = Map.of();
    /** Every key, revoked ones too, by id. */
    private final Map<String, KeyQuota> byId = new ConcurrentHashMap<>();

    public KeyRing(StateStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Makes the keys in force here those the store holds. */
    public synchronized void sync() {
        List<StateStore.StoredKey> stored;
        try {
            stored = store.apiKeys();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "client keys not re-read, the last known stay in force: {0}", e.getMessage());
            return;
        }
        Map<String, KeyQuota> working = new HashMap<>();
        for (StateStore.StoredKey k : stored) {
            KeyQuota quota = byId.computeIfAbsent(k.key().id(), id -> new KeyQuota(k.key(), clock));
            quota.update(k.key());
            if (!k.key().revoked()) {
                working.put(k.secretHash(), quota);
            }
        }
        byHash = Map.copyOf(working);
    }

    /**
     * The working key whose secret is {@code presented}. Looked up by the SHA-256 of what was
     * presented: the lookup's timing tells nothing useful, since nobody can choose what a guess hashes to.
     */
    Optional<KeyQuota> find(String presented) {
        return Optional.ofNullable(byHash.get(KeySecret.hash(presented)));
    }

    /** The key {@code id}, revoked or not, as last read. */
    Optional<ApiKeyView> byId(String id) {
        return Optional.ofNullable(byId.get(id)).map(KeyQuota::key);
    }

    /** Every key known here with what this replica saw of it, oldest first. */
    public List<KeyStatus> statuses() {
        return byId.values().stream().map(KeyQuota::status)
                .sorted(java.util.Comparator.comparingLong(s -> s.key().createdAtMillis())).toList();
    }
}
