package dev.firebreak.agent.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.Agent;
import dev.firebreak.agent.alerting.RealAlertmanager;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentEntry;
import dev.firebreak.agent.api.IncidentState;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.NodeControlClient;
import dev.firebreak.agent.client.StreamConnection;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.AlertingConfig;
import dev.firebreak.agent.config.BreakerConfig;
import dev.firebreak.agent.config.GatewayConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.config.SloConfig;
import dev.firebreak.agent.incidents.Incidents;
import dev.firebreak.agent.incidents.SharedIncident;
import dev.firebreak.agent.state.StateStore;
import dev.firebreak.agent.state.StateStores;
import dev.firebreak.agent.testing.ClosedLoop;
import dev.firebreak.agent.testing.Completions;
import dev.firebreak.agent.testing.FaultyNode;
import dev.firebreak.agent.testing.Fixtures;
import dev.firebreak.agent.testing.NodeAndAgent;
import dev.firebreak.agent.testing.ReplicaPair;
import dev.firebreak.node.Node;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.agent.testing.IncidentsOnStream;
import dev.firebreak.node.http.Json;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.firebreak.agent.testing.Completions.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two agents on one real PostgreSQL watching one real node, both posting to one real Alertmanager:
 * a KV leak both see is one incident, joined by both, one alert; an acknowledgement on one replica
 * shows on the other within 2 s (its API and its live stream); once the node is whole again the
 * incident ends on both and its alert resolves for good. Two replicas raising at the same moment
 * make one row.
 */
class IncidentsAcrossReplicasTest {

    private static final String TOKEN = "incident-replicas-token";
    private static final String MODEL = "tiny-chat";
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();

    /** The two replicas. */
    private static Agent a;
    private static Agent b;
    @TempDir
    static Path dir;
    private static RealAlertmanager alertmanager;
    private static ReplicaPair replicas;
    private static Node node;

    @BeforeAll
    static void start() throws Exception {
        node = FaultyNode.start("node-1", TOKEN, MODEL, 0);
        NodeAndAgent.warmUp(node, MODEL);
        alertmanager = RealAlertmanager.start(dir);
        replicas = ReplicaPair.start(state -> new AgentConfig("replicated", new AgentConfig.Listen("127.0.0.1", 0), null,
                List.of(new NodeConfig("node-1", node.baseUrl(), TOKEN)), List.of(new AccessToken("ops", Role.OPERATOR, TOKEN)),
                // Findings clear a few seconds after the node is whole, not after the default minimum hold of a minute.
                new GatewayConfig(null, null, null, null, null, null, new BreakerConfig(null, null, null, null, null, null,
                        null, 2_000L, null, 2_000L, 2_000L, null)).withOpen(true),
                null, state, null, new AlertingConfig(List.of(alertmanager.url()), 2, 2, null),
                // Sheds not counted against the objective: the open breakers' sheds would page as an incident of their own.
                new SloConfig("28d", 99.5, "2s", 99.0, false, List.of())));
        a = replicas.a();
        b = replicas.b();
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(replicas, node, alertmanager);
    }

    @Test
    void aLeakBothReplicasSeeIsOneIncidentAckedOnEitherAndEndedOnBoth() throws Exception {
        // A client behind a load balancer: every other request to each replica; refused while the breakers are open, it keeps going.
        List<Request> requests = List.of(Completions.request(a.baseUrl(), MODEL, "hello", 4), Completions.request(b.baseUrl(), MODEL, "hello", 4));
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        List<Incident> streamedOnB = new CopyOnWriteArrayList<>();
        try (ClosedLoop<Integer> clients = ClosedLoop.start(1, () -> Completions.status(HTTP, requests.get((int) (sent.getAndIncrement() % 2))));
             AgentClient clientB = new AgentClient(b.baseUrl(), TOKEN);
             StreamConnection stream = clientB.openStream(IncidentsOnStream.into(streamedOnB));
             NodeControlClient control = new NodeControlClient(TOKEN)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> clients.count(200) >= 20 && live(a).isEmpty() && live(b).isEmpty());
            control.setFaults(node.baseUrl(), new FaultSettings(2, 0L, 0.0, 0.0, 0L, false));

            // One incident, the same on both, which both replicas' findings hold.
            SharedIncident shared = await().atMost(Duration.ofSeconds(60)).until(IncidentsAcrossReplicasTest::storedLive,
                    s -> s.size() == 1 && s.getFirst().holders().size() == 2).getFirst();
            String id = shared.incident().id();
            assertThat(shared.incident().timeline()).extracting(IncidentEntry::type).contains("kv-leak");
            assertThat(live(a)).containsExactly(id);
            await().atMost(Duration.ofSeconds(3)).until(() -> live(b), ids -> ids.equals(List.of(id)));
            Set<IncidentEntry> lines = new HashSet<>();
            for (IncidentEntry e : storedLive().getFirst().incident().timeline()) {
                assertThat(lines.add(new IncidentEntry(0, e.type(), e.message())))
                        .as("no line twice: %s", e).isTrue();
            }
            // Both replicas post it, with the same labels: Alertmanager holds one alert.
            await().atMost(Duration.ofSeconds(20)).until(() -> alertsOf(id).size() == 1);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> alertsOf(id).size() == 1);

            JsonNode acked = act(a, "{\"type\":\"ACKNOWLEDGE\",\"incidentId\":\"" + id + "\",\"reason\":\"on it\","
                    + "\"idempotencyKey\":\"" + UUID.randomUUID() + "\"}");
            long at = System.nanoTime();
            assertThat(acked.path("decision").asText()).isEqualTo("APPLIED");
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> state(b, id) == IncidentState.ACKNOWLEDGED && streamedOnB.stream()
                            .anyMatch(i -> i.id().equals(id) && i.state() == IncidentState.ACKNOWLEDGED));
            assertThat(Duration.ofNanos(System.nanoTime() - at)).isLessThan(Duration.ofSeconds(2));
            assertThat(clientB.incidents(10)).filteredOn(i -> i.id().equals(id)).singleElement()
                    .satisfies(i -> assertThat(i.acknowledgedBy()).isEqualTo("ops"));

            // The leak stops and the node restarts whole: every finding clears on both, the incident ends on both.
            control.setFaults(node.baseUrl(), FaultSettings.NONE);
            node = FaultyNode.restart(node, "node-1", TOKEN, MODEL);
            await().atMost(Duration.ofSeconds(90)).until(() -> state(a, id) == IncidentState.RESOLVED
                    && state(b, id) == IncidentState.RESOLVED);
            await().atMost(Duration.ofSeconds(3)).until(() -> streamedOnB.stream()
                    .anyMatch(i -> i.id().equals(id) && i.state() == IncidentState.RESOLVED));
            assertThat(clientB.incidents(10)).filteredOn(i -> i.id().equals(id)).singleElement().satisfies(i -> assertThat(
                    i.timeline()).filteredOn(e -> e.message().startsWith("breaker " + MODEL + " on node-1: CLOSED -> OPEN"))
                    .as("the breakers of both replicas opened: one line").hasSize(1));
            // Resolved by both: neither replica posts it again, so it stays gone past a resend.
            await().atMost(Duration.ofSeconds(10)).until(() -> alertsOf(id).isEmpty());
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> alertsOf(id).isEmpty());
        }
    }

    @Test
    void twoReplicasRaisingOneNodeAtTheSameMomentMakeOneRow() throws Exception {
        try (StateStore storeA = StateStores.open(replicas.state(), ReplicaPair.ENV);
             StateStore storeB = StateStores.open(replicas.state(), ReplicaPair.ENV);
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Incidents replicaA = new Incidents(InstantSource.system(), storeA.incidents(), "race-a");
            Incidents replicaB = new Incidents(InstantSource.system(), storeB.incidents(), "race-b");
            for (int round = 0; round < 10; round++) {
                String nodeId = "race-" + round;
                long at = System.currentTimeMillis();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> raises = new ArrayList<>();
                for (Incidents replica : List.of(replicaA, replicaB)) {
                    // Each replica's own finding, a few milliseconds apart: two candidate incidents of different ids.
                    ClusterEvent down = new ClusterEvent("node-down", at + raises.size(), nodeId,
                            "node " + nodeId + " is down: connection refused");
                    raises.add(pool.submit(() -> {
                        go.await();
                        replica.accept(down);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> r : raises) {
                    r.get();
                }
                assertThat(storeA.incidents().live()).filteredOn(s -> nodeId.equals(s.incident().node())).singleElement()
                        .satisfies(s -> assertThat(s.holders()).containsOnlyKeys("race-a", "race-b"));
            }
        }
    }

    private static List<SharedIncident> storedLive() throws Exception {
        try (StateStore store = StateStores.open(replicas.state(), ReplicaPair.ENV)) {
            return store.incidents().live().stream().filter(s -> "node-1".equals(s.incident().node())).toList();
        }
    }

    private static List<JsonNode> alertsOf(String incident) throws IOException {
        return alertmanager.alerts().stream().filter(x -> x.path("labels").path("incident").asText().equals(incident)).toList();
    }

    private static List<String> live(Agent agent) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode i : incidents(agent)) {
            if (!i.path("state").asText().equals("RESOLVED") && "node-1".equals(i.path("node").asText())) {
                ids.add(i.path("id").asText());
            }
        }
        return ids;
    }

    private static IncidentState state(Agent agent, String id) throws IOException {
        for (JsonNode i : incidents(agent)) {
            if (i.path("id").asText().equals(id)) {
                return IncidentState.valueOf(i.path("state").asText());
            }
        }
        return null;
    }

    private static JsonNode incidents(Agent agent) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/api/v1/incidents")
                .header("Authorization", "Bearer " + TOKEN).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            return Json.mapper().readTree(r.body().string());
        }
    }

    private static JsonNode act(Agent agent, String body) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(agent.baseUrl() + "/api/v1/actions")
                .header("Authorization", "Bearer " + TOKEN).post(RequestBody.create(body, JSON)).build()).execute()) {
            String text = r.body().string();
            assertThat(r.code()).as(text).isEqualTo(200);
            return Json.mapper().readTree(text);
        }
    }
}
