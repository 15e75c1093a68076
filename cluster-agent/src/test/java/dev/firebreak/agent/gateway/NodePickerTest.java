package dev.firebreak.agent.gateway;

import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.config.BreakerConfig;
import dev.firebreak.agent.testing.Nodes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class NodePickerTest {

    private static NodeView node(String id, long kvUsed) {
        return Nodes.serving(id, "http://" + id, List.of(Nodes.model("chat", kvUsed)));
    }

    private static NodePicker picker(int maxPerNode, NodeView... nodes) {
        Breakers breakers = new Breakers(BreakerConfig.defaults(), change -> { });
        return new NodePicker(() -> List.of(nodes), breakers, 0.9, maxPerNode, (model, node) -> false, (model, node) -> 1.0);
    }

    @Test
    void shouldSendNoMoreThanTheLimitToOneNodeAndSayWhyItRefuses() {
        NodePicker picker = picker(2, node("a", 10));

        Object first = picker.pick("chat", Set.of());
        Object second = picker.pick("chat", Set.of());
        Object third = picker.pick("chat", Set.of());

        assertThat(first).isInstanceOf(NodePicker.Target.class);
        assertThat(second).isInstanceOf(NodePicker.Target.class);
        assertThat(third).isInstanceOfSatisfying(NodePicker.Refusal.class,
                r -> assertThat(r.reason()).contains("1 with 2 of its requests in flight"));
        ((NodePicker.Target) first).release();
        assertThat(picker.pick("chat", Set.of())).isInstanceOf(NodePicker.Target.class);
    }

    @Test
    void shouldNotGiveASurvivorMoreThanItsShareWhenItsPeerIsGone() {
        NodePicker picker = picker(3, node("b", 10));

        List<Object> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(picker.pick("chat", Set.of()));
        }

        assertThat(picks.stream().filter(NodePicker.Target.class::isInstance)).hasSize(3);
        assertThat(picks.stream().filter(NodePicker.Refusal.class::isInstance)).hasSize(3);
    }

    @Test
    void shouldFillTheOtherNodeBeforeRefusing() {
        NodePicker picker = picker(1, node("a", 10), node("b", 10));

        Object one = picker.pick("chat", Set.of());
        Object two = picker.pick("chat", Set.of());

        assertThat(List.of(one, two)).allMatch(NodePicker.Target.class::isInstance);
        assertThat(Set.of(((NodePicker.Target) one).nodeId(), ((NodePicker.Target) two).nodeId())).containsExactlyInAnyOrder("a", "b");
        assertThat(picker.pick("chat", Set.of())).isInstanceOf(NodePicker.Refusal.class);
    }

    @Test
    void shouldNotOvershootTheLimitUnderConcurrentPicks() throws InterruptedException {
        NodePicker picker = picker(4, node("a", 10), node("b", 10));
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 64; i++) {
                pool.submit(() -> {
                    go.await();
                    if (picker.pick("chat", Set.of()) instanceof NodePicker.Target) {
                        granted.incrementAndGet();
                    }
                    return null;
                });
            }
            go.countDown();
        }
        assertThat(granted).hasValue(8);
        assertThat(picker.inFlight("chat", "a")).hasValue(4);
        assertThat(picker.inFlight("chat", "b")).hasValue(4);
    }
}
