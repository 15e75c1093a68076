package dev.firebreak.agent.state;

import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentEntry;
import dev.firebreak.agent.api.IncidentSeverity;
import dev.firebreak.agent.api.IncidentState;
import dev.firebreak.agent.incidents.IncidentLog;
import dev.firebreak.agent.incidents.SharedIncident;
import dev.firebreak.agent.api.OverrideView;
import dev.firebreak.agent.slo.SloMinute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every state store promises, run against SQLite and against a real PostgreSQL. */
abstract class StateStoreContract {

    /** The {@code state} setting of a new, empty store. */
    abstract String newLocation() throws Exception;

    /** Runs SQL on the store at {@code location}, behind the agent's back. */
    abstract void sql(String location, String sql) throws Exception;

    String location;
    StateStore store;

    @BeforeEach
    void open() throws Exception {
        location = newLocation();
        store = open(location);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    StateStore open(String setting) throws StateStartException {
        return StateStores.open(setting, Map.of(StateLocation.PASSWORD_ENV, dev.firebreak.agent.testing.Postgres.PASSWORD));
    }

    static AuditEntry entry(String action, String outcome) {
        return new AuditEntry(0, 1_000, "ops", "operator", "127.0.0.1", action, "m1", "{}", "closed", "APPLIED", outcome,
                "test", null);
    }

    static OverrideView trip(String model, long expiresAt) {
        return new OverrideView(0, ActionType.TRIP, model, null, null, null, "ops", "test", 1_000, expiresAt);
    }

    static StateStore.Action doing(AuditEntry entry, OverrideView override, List<Long> ended) {
        return () -> new StateStore.Performed(entry, override, ended);
    }

    @Test
    void anActionIsAuditedUnderItsKeyAndItsOverrideTakesTheAuditId() throws SQLException {
        StateStore.Recorded r = store.perform("k1", doing(entry("TRIP", "forced open"), trip("m1", 0), List.of()));

        assertThat(r.repeated()).isFalse();
        assertThat(r.entry().idempotencyKey()).isEqualTo("k1");
        assertThat(r.override().id()).isEqualTo(r.entry().id());
        assertThat(store.activeOverrides()).containsExactly(r.override());
        assertThat(store.recent(10)).containsExactly(r.entry());
    }

    @Test
    void aKeyUsedBeforeReturnsTheFirstResultWithoutRunningTheActionAgain() throws SQLException {
        AtomicInteger runs = new AtomicInteger();
        StateStore.Action counted = () -> {
            runs.incrementAndGet();
            return new StateStore.Performed(entry("TRIP", "forced open"), trip("m1", 0), List.of());
        };
        StateStore.Recorded first = store.perform("k1", counted);
        StateStore.Recorded again = store.perform("k1", counted);

        assertThat(runs).hasValue(1);
        assertThat(again.repeated()).isTrue();
        assertThat(again.entry()).isEqualTo(first.entry());
        assertThat(again.override()).isEqualTo(first.override());
        assertThat(store.recent(10)).hasSize(1);
    }

    @Test
    void aFailedActionLeavesNoTraceAndItsKeyFree() throws SQLException {
        assertThatThrownBy(() -> store.perform("k1", () -> {
            throw new SQLException("node refused");
        })).hasMessageContaining("node refused");

        assertThat(store.recent(10)).isEmpty();
        StateStore.Recorded retry = store.perform("k1", doing(entry("TRIP", "forced open"), null, List.of()));
        assertThat(retry.repeated()).isFalse();
    }

    @Test
    void anActionEndsTheOverridesItNames() throws SQLException {
        long tripped = store.perform("k1", doing(entry("TRIP", "forced open"), trip("m1", 0), List.of())).override().id();
        store.perform("k2", doing(entry("RESET", "closed"), null, List.of(tripped)));

        assertThat(store.activeOverrides()).isEmpty();
    }

    @Test
    void anExpiryIsAppliedOnceAndAuditedOnce() throws SQLException {
        long id = store.perform("k1", doing(entry("TRIP", "forced open"), trip("m1", 2_000), List.of())).override().id();

        assertThat(store.expire(id, entry("EXPIRE", "expired"))).isTrue();
        assertThat(store.expire(id, entry("EXPIRE", "expired"))).isFalse();
        assertThat(store.activeOverrides()).isEmpty();
        assertThat(store.recent(10)).filteredOn(e -> e.action().equals("EXPIRE")).hasSize(1);
    }

    @Test
    void whatWasWrittenIsThereAfterAReopen() throws Exception {
        StateStore.Recorded r = store.perform("k1", doing(entry("TRIP", "forced open"), trip("m1", 0), List.of()));
        long refused = store.audit(entry("(any)", "denied"));
        store.close();
        store = open(location);

        assertThat(store.activeOverrides()).containsExactly(r.override());
        assertThat(store.recent(10)).extracting(AuditEntry::id).containsExactly(refused, r.entry().id());
        assertThat(store.perform("k1", doing(entry("TRIP", "again"), null, List.of())).repeated()).isTrue();
    }

    @Test
    void aSchemaFromANewerAgentIsRefusedWithOneLineNamingTheSetting() throws Exception {
        store.close();
        sql(location, "INSERT INTO schema_version (version, applied_millis) VALUES (99, 0)");

        assertThatThrownBy(() -> store = open(location))
                .isInstanceOf(StateStartException.class)
                .hasMessageStartingWith("state")
                .hasMessageContaining("schema version 99, newer than this agent knows")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        store = open(newLocation());
    }

    @Test
    void oneKeyTriedAtOnceFromTwoAgentsRunsOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        try (StateStore other = open(location); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                StateStore s = i % 2 == 0 ? store : other;
                tries.add(pool.submit(() -> {
                    go.await();
                    ids.add(s.perform("same", () -> {
                        runs.incrementAndGet();
                        return new StateStore.Performed(entry("TRIP", "forced open"), trip("m1", 0), List.of());
                    }).entry().id());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> t : tries) {
                t.get();
            }
        }
        assertThat(runs).hasValue(1);
        assertThat(ids).hasSize(1);
        assertThat(store.activeOverrides()).hasSize(1);
    }

    @Test
    void incidentsOutliveTheStoreAndAnActionsIncidentWriteCommitsWithIt() throws Exception {
        store.incidents().raise("node-1", incident("i-1", IncidentState.OPEN, 1_000), held("agent-a"));
        store.incidents().raise("node-2", incident("i-2", IncidentState.OPEN, 2_000), held("agent-a"));
        store.incidents().update("i-2", s -> new SharedIncident(incident("i-2", IncidentState.RESOLVED, 2_000).incident(), Map.of()));
        // an acknowledgement under an idempotency key writes the incident inside the action's transaction
        store.perform("ack-1", () -> {
            try {
                store.incidents().update("i-1", s -> new SharedIncident(incident("i-1", IncidentState.ACKNOWLEDGED, 1_000)
                        .incident(), s.holders()));
            } catch (IncidentLog.IncidentLogException e) {
                throw new SQLException(e);
            }
            return new StateStore.Performed(entry("ACKNOWLEDGE", "acknowledged"), null, List.of());
        });
        store.close();

        store = open(location);
        assertThat(store.incidents().recent(10)).extracting(Incident::id).containsExactly("i-2", "i-1");
        assertThat(store.incidents().live()).singleElement().satisfies(s -> {
            assertThat(s.incident().state()).isEqualTo(IncidentState.ACKNOWLEDGED);
            assertThat(s.holders()).containsOnlyKeys("agent-a");
        });
        assertThat(store.incidents().find("i-2")).get().extracting(Incident::state).isEqualTo(IncidentState.RESOLVED);
        assertThat(store.incidents().update("i-2", s -> s)).as("an ended incident changes no more").isEmpty();
    }

    @Test
    void aSubjectHasOneLiveIncidentWhoeverRaisesItAndANewOneOnceItEnded() throws Exception {
        IncidentLog log = store.incidents();
        SharedIncident first = log.raise("node-1", incident("i-a", IncidentState.OPEN, 1_000), held("agent-a"));
        SharedIncident joined = log.raise("node-1", incident("i-b", IncidentState.OPEN, 1_500), held("agent-b"));

        assertThat(first.incident().id()).isEqualTo("i-a");
        assertThat(joined.incident().id()).as("the second raise joins the first").isEqualTo("i-a");
        assertThat(joined.holders()).containsOnlyKeys("agent-a", "agent-b");
        assertThat(log.live()).singleElement().isEqualTo(joined);

        log.update("i-a", s -> new SharedIncident(incident("i-a", IncidentState.RESOLVED, 1_000).incident(), Map.of()));
        SharedIncident next = log.raise("node-1", incident("i-c", IncidentState.OPEN, 3_000), held("agent-b"));
        assertThat(next.incident().id()).isEqualTo("i-c");
        assertThat(log.live()).extracting(s -> s.incident().id()).containsExactly("i-c");
    }

    @Test
    void agentsRaisingOneSubjectAtOnceMakeOneIncidentHeldByAll() throws Exception {
        try (StateStore other = open(location)) {
            raceOn(List.of(store, other));
        }
    }

    /**
     * Eight raises of one subject at the same moment, spread over {@code stores}, ten times over (the
     * first rounds may find a pool still opening its connections): one live incident each time, held by all eight.
     */
    static void raceOn(List<StateStore> stores) throws Exception {
        int raisers = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(raisers)) {
            for (int round = 0; round < 10; round++) {
                String subject = "node-race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<SharedIncident>> tries = new ArrayList<>();
                for (int i = 0; i < raisers; i++) {
                    IncidentLog log = stores.get(i % stores.size()).incidents();
                    String agent = "agent-" + i;
                    tries.add(pool.submit(() -> {
                        go.await();
                        return log.raise(subject, incident("i-" + subject + "-" + agent, IncidentState.OPEN, 1_000), held(agent));
                    }));
                }
                go.countDown();
                Set<String> ids = new java.util.HashSet<>();
                for (Future<SharedIncident> t : tries) {
                    ids.add(t.get().incident().id());
                }
                assertThat(ids).as("every raise got the same incident").hasSize(1);
                assertThat(stores.getFirst().incidents().live()).filteredOn(s -> s.incident().id().equals(ids.iterator().next()))
                        .singleElement().satisfies(s -> assertThat(s.holders()).hasSize(raisers));
            }
            assertThat(stores.getFirst().incidents().live()).hasSize(10);
        }
    }

    private static java.util.function.UnaryOperator<SharedIncident> held(String agent) {
        return s -> {
            Map<String, Long> holders = new java.util.HashMap<>(s.holders());
            holders.put(agent, 1_000L);
            return new SharedIncident(s.incident(), holders);
        };
    }

    private static StateStore.StoredKey key(String id, String hash, Long revokedAt) {
        return new StateStore.StoredKey(new dev.firebreak.agent.api.ApiKeyView(id, "team " + id, "fb-abcdefg",
                List.of("m1"), 60, 1000, 4, "ops", 1_000, 1_000, revokedAt), hash);
    }

    @Test
    void clientKeysAreKeptByTheirHashAndARevocationReplacesTheRowWithTheAuditEntryInOneTransaction() throws Exception {
        store.perform("key-create", () -> {
            store.saveKey(key("key-a", "hash-a", null));
            return new StateStore.Performed(entry("KEY_CREATE", "created"), null, List.of());
        });
        store.saveKey(key("key-b", "hash-b", null));
        assertThatThrownBy(() -> store.perform("key-failed", () -> {
            store.saveKey(key("key-c", "hash-c", null));
            throw new SQLException("the action failed after writing its key");
        })).hasMessageContaining("failed after");
        store.saveKey(key("key-a", "hash-a", 5_000L));
        store.close();

        store = open(location);
        assertThat(store.apiKeys()).extracting(k -> k.key().id(), StateStore.StoredKey::secretHash,
                        k -> k.key().revokedAtMillis())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("key-a", "hash-a", 5_000L),
                        org.assertj.core.groups.Tuple.tuple("key-b", "hash-b", null));
        assertThat(store.apiKeys().getFirst().key().models()).containsExactly("m1");
        assertThat(store.recent(10)).extracting(AuditEntry::action).containsExactly("KEY_CREATE");
    }

    @Test
    void twoKeysCannotShareASecret() throws Exception {
        store.saveKey(key("key-a", "same-hash", null));
        assertThatThrownBy(() -> store.saveKey(key("key-b", "same-hash", null))).isInstanceOf(SQLException.class);
        assertThat(store.apiKeys()).hasSize(1);
    }

    private static SharedIncident incident(String id, IncidentState state, long started) {
        return new SharedIncident(new Incident(id, IncidentSeverity.CRITICAL, state, "node-1 is down", "node-1", List.of("m1"),
                started, state == IncidentState.RESOLVED ? started + 1 : null,
                List.of(new IncidentEntry(started, "node-down", "down")), List.of("no answer for 3 s"), List.of(), null, null),
                Map.of());
    }

    @Test
    void shouldAddTheSloMinutesOfEveryAgentAndSumThemPerWindowAndPerBucket() throws Exception {
        long minute = 1_764_000_000_000L - 1_764_000_000_000L % 60_000;
        store.sloMinutes().add(List.of(new SloMinute(minute, "chat", "node-1", 10, 9, 9, 8),
                new SloMinute(minute + 60_000, "chat", "", 2, 0, 0, 0)));
        try (StateStore replica = open(location)) {
            replica.sloMinutes().add(List.of(new SloMinute(minute, "chat", "node-1", 5, 5, 5, 5)));
        }
        assertThat(store.sloMinutes().totals(minute, minute + 120_000)).containsExactly(
                new SloMinute(minute, "chat", "", 2, 0, 0, 0), new SloMinute(minute, "chat", "node-1", 15, 14, 14, 13));
        assertThat(store.sloMinutes().totals(minute + 60_000, minute + 120_000)).containsExactly(
                new SloMinute(minute + 60_000, "chat", "", 2, 0, 0, 0));
        long hour = minute - minute % 3_600_000;
        assertThat(store.sloMinutes().perModel(minute - 3_600_000, minute + 120_000, 3_600_000)).containsExactly(
                new SloMinute(hour, "chat", "", 17, 14, 14, 13));
    }
}
