package dev.firebreak.lab.simulator;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes that answer nothing or answer 20 MB are cut off by time and by size, each with the reason,
 * and go down, while every other node is still read each interval.
 */
class ScrapeCutOffTest {

    @TempDir
    Path dir;

    @Test
    void shouldCutOffSilentAndOversizedNodesWithoutDelayingTheRest() throws Exception {
        Map<String, Behaviour> bad = Map.of("firebreak-0001", Behaviour.SILENT, "vllm-0004", Behaviour.SILENT,
                "firebreak-0007", Behaviour.SILENT, "firebreak-0003", Behaviour.OVERSIZED, "vllm-0006", Behaviour.OVERSIZED);
        SimulatorOptions options = SimulatorOptions.of(24, List.of(NodeKind.FIREBREAK, NodeKind.VLLM), List.of("chat"))
                .withBehaviours(bad);
        try (Simulator simulator = Simulator.start(options)) {
            Path config = dir.resolve("agent.yaml");
            long interval = 1000; // a 500 ms timeout: time for 8 MB to arrive, so the size cap is what cuts the oversized ones off
            AgentYaml.write(config, "cut-off", simulator.nodes(), interval, dir.resolve("agent.db"));
            try (Agent agent = Agent.start(ConfigLoader.load(config, Map.of()), InstantSource.system());
                 AgentClient client = new AgentClient(agent.baseUrl(), AgentYaml.TOKEN)) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    for (NodeView n : client.cluster().nodes()) {
                        Behaviour b = bad.get(n.id());
                        if (b == Behaviour.SILENT) {
                            assertThat(n.lastError()).as(n.id()).contains("no answer within the scrape timeout");
                            assertThat(n.health()).as(n.id()).isEqualTo(NodeHealth.DOWN);
                        } else if (b == Behaviour.OVERSIZED) {
                            assertThat(n.lastError()).as(n.id()).contains("more than the cap of " + (8 << 20) + " bytes");
                            assertThat(n.health()).as(n.id()).isEqualTo(NodeHealth.DOWN);
                        } else {
                            assertThat(n.health()).as(n.id()).isEqualTo(NodeHealth.UP);
                        }
                    }
                });
                // For three seconds, no healthy node misses two scrapes in a row (one can miss one on this shared machine).
                long until = System.currentTimeMillis() + 3_000;
                while (System.currentTimeMillis() < until) {
                    long now = System.currentTimeMillis();
                    assertThat(client.cluster().nodes()).filteredOn(n -> !bad.containsKey(n.id()))
                            .hasSize(19)
                            .allSatisfy(n -> assertThat(now - n.lastSeenMillis()).as(n.id()).isLessThan(3 * interval));
                    Thread.sleep(100);
                }
            }
        }
    }
}
