package dev.firebreak.agent.state;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentEntry;
import dev.firebreak.agent.api.IncidentSeverity;
import dev.firebreak.agent.api.IncidentState;
import dev.firebreak.agent.incidents.Incidents;
import dev.firebreak.agent.incidents.SharedIncident;
import dev.firebreak.agent.testing.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PostgresStateStoreTest extends StateStoreContract {

    private static Postgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    String newLocation() {
        return postgres.newDatabase();
    }

    @Override
    void sql(String location, String sql) throws Exception {
        String database = location.substring(location.lastIndexOf('/') + 1, location.indexOf('?'));
        postgres.sql(database, sql);
    }

    @Test
    void anotherAgentHearsOfAChangeWithinASecond() throws Exception {
        heardByAnotherAgentWithinASecond(() -> store.perform("k1", doing(entry("TRIP", "forced open"), trip("m1", 0), List.of())),
                other -> assertThat(other.activeOverrides()).hasSize(1));
    }

    @Test
    void anotherAgentHearsOfAClientKeyChangeWithinASecond() throws Exception {
        heardByAnotherAgentWithinASecond(() -> store.saveKey(new StateStore.StoredKey(new dev.firebreak.agent.api.ApiKeyView(
                        "key-1", "team", "fb-abcdefg", List.of(), null, null, null, "ops", 1_000, 1_000, 2_000L), "hash-1")),
                other -> assertThat(other.apiKeys()).singleElement().satisfies(k -> assertThat(k.key().revoked()).isTrue()));
    }

    @Test
    void anotherAgentHearsOfAnIncidentChangeWithinASecond() throws Exception {
        heardByAnotherAgentWithinASecond(() -> store.incidents().raise("node-1", legacy("inc-1-node-1", "node-1", 1_000), s -> s),
                other -> assertThat(other.incidents().live()).extracting(s -> s.incident().id()).containsExactly("inc-1-node-1"));
    }

    private interface OnStore {
        void run(StateStore store) throws Exception;
    }

    private interface Change {
        void run() throws Exception;
    }

    /** Another agent on the database is told within a second of {@code change} here, and then sees what {@code check} says. */
    private void heardByAnotherAgentWithinASecond(Change change, OnStore check) throws Exception {
        try (StateStore other = open(location)) {
            AtomicInteger heard = new AtomicInteger();
            other.onChange(heard::incrementAndGet);
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() > 0);
            int before = heard.get();
            change.run();

            await().atMost(Duration.ofSeconds(1)).until(() -> heard.get() > before);
            check.run(other);
        }
    }

    @Test
    void liveIncidentsReplicasKeptApartBeforeV5BecomeOnePerNode() throws Exception {
        String database = location.substring(location.lastIndexOf('/') + 1, location.indexOf('?'));
        store.close();
        // Back to V4, as replicas of an older agent left it: two live incidents about node-1, one each.
        postgres.sql(database, "DROP INDEX incidents_live_subject");
        postgres.sql(database, "ALTER TABLE incidents DROP COLUMN subject");
        postgres.sql(database, "ALTER TABLE incidents DROP COLUMN holders");
        postgres.sql(database, "DELETE FROM schema_version WHERE version = 5");
        for (SharedIncident i : List.of(legacy("inc-1-node-1", "node-1", 1_000), legacy("inc-2-node-1", "node-1", 2_000),
                legacy("inc-3-node-2", "node-2", 3_000))) {
            postgres.sql(database, "INSERT INTO incidents (id, state, started_millis, record) VALUES ('" + i.incident().id()
                    + "', 'OPEN', " + i.incident().startedAtMillis() + ", '"
                    + dev.firebreak.node.http.Json.mapper().writeValueAsString(i.incident()) + "')");
        }

        store = open(location);

        assertThat(store.incidents().raise("node-1", legacy("inc-9-node-1", "node-1", 9_000), s -> s).incident().id())
                .as("a finding joins the newest").isEqualTo("inc-2-node-1");
        assertThat(store.incidents().raise("node-2", legacy("inc-9-node-2", "node-2", 9_000), s -> s).incident().id())
                .isEqualTo("inc-3-node-2");
        assertThat(store.incidents().live()).hasSize(3);
    }

    private static SharedIncident legacy(String id, String node, long started) {
        return new SharedIncident(new Incident(id, IncidentSeverity.CRITICAL, IncidentState.OPEN, "Node down on " + node, node,
                List.of(), started, null, List.of(new IncidentEntry(started, "node-down", "down")), List.of("refused"),
                List.of(), null, null), Map.of());
    }

    @Test
    void anIncidentOpenedWhileTheDatabaseIsDownIsKeptByItsAgentAndWrittenOnceItIsBack() throws Exception {
        dev.firebreak.agent.watch.ManualClock clock = new dev.firebreak.agent.watch.ManualClock();
        Incidents agent = new Incidents(clock, store.incidents(), "agent-outage");
        postgres.stop();
        try {
            await().atMost(Duration.ofSeconds(3)).until(() -> !store.status().up());
            long before = System.nanoTime();
            agent.accept(new ClusterEvent("node-down", clock.millis(), "node-1", "node node-1 is down: connection refused"));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("no wait for a connection").isLessThan(Duration.ofSeconds(1));
            assertThat(agent.live()).singleElement().satisfies(i -> assertThat(i.title()).isEqualTo("Node down on node-1"));
        } finally {
            postgres.resume();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> store.status().up());
        agent.sync();
        assertThat(agent.liveCount()).as("kept while the log does not know it").isEqualTo(1);

        clock.advance(20_000);
        agent.tick();

        assertThat(store.incidents().live()).singleElement().satisfies(s -> {
            assertThat(s.incident().id()).isEqualTo(agent.live().getFirst().id());
            assertThat(s.holders()).containsOnlyKeys("agent-outage");
        });
    }

    @Test
    void whileDownItSaysUnavailableAndWhenBackItCatchesUp() throws Exception {
        AtomicInteger heard = new AtomicInteger();
        store.onChange(heard::incrementAndGet);
        postgres.stop();
        try {
            assertThatThrownBy(() -> store.perform("k1", doing(entry("TRIP", "x"), null, List.of())))
                    .isInstanceOf(StateUnavailableException.class)
                    .hasMessageContaining("cannot be reached");
            await().atMost(Duration.ofSeconds(3)).until(() -> !store.status().up());
            assertThat(store.status().detail()).startsWith(location);
        } finally {
            postgres.resume();
        }
        int before = heard.get();
        // Caught up within 5 s: told to re-read, and taking actions again (the refused one never ran).
        await().atMost(Duration.ofSeconds(5)).ignoreException(StateUnavailableException.class)
                .until(() -> store.status().up() && heard.get() > before
                        && !store.perform("k1", doing(entry("TRIP", "x"), null, List.of())).repeated());
        assertThat(store.recent(10)).hasSize(1);
    }

    @Test
    void aWrongPasswordIsRefusedAtStartWithOneLineNamingTheSetting() {
        assertThatThrownBy(() -> StateStores.open(location, Map.of(StateLocation.PASSWORD_ENV, "wrong")))
                .isInstanceOf(StateStartException.class)
                .hasMessageStartingWith("state " + location + ": ")
                .hasMessageContaining("password authentication failed")
                .hasMessageContaining(StateLocation.PASSWORD_ENV)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnreachableServerIsRefusedAtStartWithOneLineNamingTheSetting() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String nowhere = "postgresql://127.0.0.1:" + closedPort + "/state?user=firebreak";
        assertThatThrownBy(() -> StateStores.open(nowhere, Map.of()))
                .isInstanceOf(StateStartException.class)
                .hasMessageStartingWith("state " + nowhere + ": ")
                .hasMessageContaining("refused")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theAgentRefusesToStartWithOneLineAndExitCodeTwo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path config = dir.resolve("agent.yaml");
        java.nio.file.Files.writeString(config, "access:\n  - {name: ops, role: operator, token: state-test-operator-token}\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        int code;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            // no password given: the server asks for one
            code = dev.firebreak.agent.AgentMain.commandLine().execute("serve", "--config", config.toString(), "--port", "0",
                    "--state", location);
        } finally {
            System.setErr(before);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8).strip())
                .startsWith("firebreak-agent: state " + location + ": ")
                .doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void badSettingsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> StateStores.open(location + "&password=secret", Map.of()))
                .hasMessageContaining("must not hold the password");
        assertThatThrownBy(() -> StateStores.open("mysql://h/db?user=x", Map.of()))
                .hasMessageStartingWith("state: 'mysql://' is not a known store");
        assertThatThrownBy(() -> StateStores.open("postgresql://127.0.0.1:5432/db", Map.of()))
                .hasMessageContaining("needs ?user=NAME");
    }

    @Test
    void reportsItsStatusWithoutThePassword() {
        assertThat(store.status().kind()).isEqualTo("postgresql");
        assertThat(store.status().up()).isTrue();
        assertThat(store.status().detail()).isEqualTo(location).doesNotContain(Postgres.PASSWORD);
    }
}
