package dev.firebreak.agent.gateway;

import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.config.BreakerConfig;
import dev.firebreak.app.actions.ImpactPreview;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.Figures;
import dev.firebreak.app.figures.RecentSamples;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.firebreak.app.testing.Clusters.model;
import static dev.firebreak.app.testing.Clusters.serving;
import static dev.firebreak.app.testing.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's impact preview and the gateway read one KV threshold, the one the agent serves in
 * its snapshot: a node the preview says would be over it is a node the gateway's picker refuses.
 * In the gateway's package, since its node picker is the gateway's own.
 */
class KvThresholdAgreementTest {

    @Test
    void shouldCallOverTheThresholdExactlyTheNodesThePickerRefuses() {
        for (long kvUsed = 85; kvUsed <= 95; kvUsed++) {
            // Node a holds none of the model's KV, so moving it off changes nothing: the preview judges b as it is now.
            ClusterSnapshot cluster = snapshot(0, serving("a", model("m", 0, 0, 0, 0, 0)),
                    serving("b", model("m", kvUsed, 0, 0, 0, 0)));
            ClusterFigures figures = Figures.compute(cluster, new RecentSamples(10), null, 10);
            NodePicker picker = new NodePicker(cluster::nodes, new Breakers(BreakerConfig.defaults(), e -> { }),
                    cluster.kvThreshold(), 32, (m, n) -> false, (m, n) -> 1.0);

            boolean previewRefuses = ImpactPreview.refusedAfterMove(figures, figures.node("a").model("m"), "a").contains("b (m)");
            boolean pickerRefuses = picker.pick("m", Set.of("a")) instanceof NodePicker.Refusal;

            assertThat(previewRefuses).as("b at %d%% KV: the preview and the gateway agree", kvUsed).isEqualTo(pickerRefuses);
            assertThat(pickerRefuses).as("b at %d%% KV against the served 90%%", kvUsed).isEqualTo(kvUsed >= 90);
        }
    }
}
