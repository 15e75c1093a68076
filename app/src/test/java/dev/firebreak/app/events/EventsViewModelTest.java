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
    void shouldFilterTheTimelineByTheIncidentOpenedUntilAllEventsAreAskedFor() {
        model.apply(List.of(new ClusterEvent("node-added", 1000, "node-1", "before"),
                new ClusterEvent("kv-leak", 2000, "node-2", "tiny-chat on node-2: 22 orphaned blocks"),
                new ClusterEvent("breaker", 2500, "node-1", "other node"),
                new ClusterEvent("breaker", 3000, "node-2", "tiny-chat on node-2: CLOSED -> OPEN")));
        var incident = new dev.firebreak.agent.api.Incident("i-1", dev.firebreak.agent.api.IncidentSeverity.CRITICAL,
                dev.firebreak.agent.api.IncidentState.OPEN, "KV leak on node-2", "node-2", List.of("tiny-chat"), 2000, null,
                List.of(), List.of(), List.of(), null, null);

        model.scopeProperty().set(incident);
        assertThat(model.titleProperty().get()).isEqualTo("Events of: KV leak on node-2");
        assertThat(model.lines()).hasSize(2).allMatch(l -> l.contains("node-2"));

        model.apply(List.of(new ClusterEvent("kv-leak", 2000, "node-2", "tiny-chat on node-2: 22 orphaned blocks"),
                new ClusterEvent("drain", 4000, "node-2", "drained"), new ClusterEvent("breaker", 4100, "node-3", "elsewhere")));
        assertThat(model.lines()).as("new events, filtered as they come").hasSize(2);

        model.scopeProperty().set(null);
        assertThat(model.titleProperty().get()).isEqualTo("Events");
        assertThat(model.lines()).hasSize(3);
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
