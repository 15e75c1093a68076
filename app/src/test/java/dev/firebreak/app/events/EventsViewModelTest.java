package dev.firebreak.app.events;

import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.ClusterEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.firebreak.app.testing.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class EventsViewModelTest {

    private final List<String> notified = new ArrayList<>();
    private final EventsViewModel model = new EventsViewModel(notified::add);
    private final Alert leak = new Alert("kv-leak", "node-2", "chat", "orphaned 40 blocks", 1000);

    @Test
    void shouldShowTheEventsNewestFirst() {
        model.apply(List.of(new ClusterEvent("node-added", 1000, "a", "first"), new ClusterEvent("breaker", 2000, "a", "second")));

        assertThat(model.lines()).hasSize(2);
        assertThat(model.lines().getFirst()).endsWith("breaker  second");
        assertThat(model.lines().getLast()).endsWith("node-added  first");
    }

    @Test
    void shouldAnnounceEachAlertOnceAndAgainOnlyWhenRaisedAgain() {
        model.apply(snapshot(0, List.of(), List.of(), List.of(leak)));
        model.apply(snapshot(1000, List.of(), List.of(), List.of(leak)));
        model.apply(snapshot(2000, List.of(), List.of(), List.of()));
        model.apply(snapshot(3000, List.of(), List.of(), List.of(new Alert("kv-leak", "node-2", "chat", "again", 2500))));

        assertThat(notified).containsExactly("kv-leak on node-2 (chat): orphaned 40 blocks", "kv-leak on node-2 (chat): again");
    }

    @Test
    void shouldAnnounceANodeDownThatHappensButNotOnesReplayedOnConnecting() {
        ClusterEvent replayed = new ClusterEvent("node-down", 1000, "a", "node a is down");
        model.apply(List.of(replayed));
        ClusterEvent fresh = new ClusterEvent("node-down", 2000, "b", "node b is down");
        model.apply(List.of(replayed, new ClusterEvent("breaker", 1500, "a", "opened"), fresh));

        assertThat(notified).containsExactly("node b is down");
    }
}
