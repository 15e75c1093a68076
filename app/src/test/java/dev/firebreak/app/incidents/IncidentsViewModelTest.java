package dev.firebreak.app.incidents;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentEntry;
import dev.firebreak.agent.api.IncidentSeverity;
import dev.firebreak.agent.api.IncidentState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentsViewModelTest {

    private final IncidentsViewModel model = new IncidentsViewModel();

    @Test
    void shouldShowLiveIncidentsFirstThenTheNewestFirstAndCountTheLiveOnes() {
        Incident oldOpen = incident("inc-1", "node-1", 1_000, IncidentState.OPEN, null);
        Incident newEnded = incident("inc-3", "node-3", 3_000, IncidentState.RESOLVED, 4_000L);
        Incident newAcked = incident("inc-2", "node-2", 2_000, IncidentState.ACKNOWLEDGED, null);

        model.apply(List.of(oldOpen, newEnded, newAcked));

        assertThat(model.incidents()).extracting(Incident::id).containsExactly("inc-2", "inc-1", "inc-3");
        assertThat(model.liveCount().get()).isEqualTo(2);
    }

    @Test
    void shouldKeepTheOpenedIncidentUpToDateAsItChanges() {
        Incident open = incident("inc-1", "node-1", 1_000, IncidentState.OPEN, null);
        model.apply(List.of(open));
        model.opened().set(open);

        Incident acked = incident("inc-1", "node-1", 1_000, IncidentState.ACKNOWLEDGED, null);
        model.apply(List.of(acked));

        assertThat(model.opened().get().state()).isEqualTo(IncidentState.ACKNOWLEDGED);
        assertThat(model.liveCount().get()).isEqualTo(1);
    }

    @Test
    void shouldOpenIntoEvidenceActionsAndTimeline() {
        Incident i = incident("inc-1", "node-2", 1_000, IncidentState.OPEN, null);

        assertThat(IncidentsViewModel.details(i)).hasSize(3)
                .anyMatch(l -> l.startsWith("evidence: 22 orphaned blocks"))
                .anyMatch(l -> l.startsWith("action: router: breaker"))
                .anyMatch(l -> l.contains("kv-leak"));
        assertThat(IncidentsViewModel.line(i)).contains("CRITICAL", "OPEN", "KV leak on node-2");
    }

    @Test
    void shouldFilterTheRawTimelineByIncident() {
        Incident ended = incident("inc-1", "node-2", 1_000, IncidentState.RESOLVED, 5_000L);
        List<ClusterEvent> events = List.of(new ClusterEvent("kv-leak", 500, "node-2", "before"),
                new ClusterEvent("kv-leak", 2_000, "node-2", "during"), new ClusterEvent("node-down", 2_000, "node-1", "other node"),
                new ClusterEvent("kv-leak-cleared", 6_000, "node-2", "after"));

        assertThat(IncidentsViewModel.eventsOf(ended, events)).extracting(ClusterEvent::message).containsExactly("during");
    }

    private static Incident incident(String id, String node, long start, IncidentState state, Long end) {
        return new Incident(id, IncidentSeverity.CRITICAL, state, "KV leak on " + node, node, List.of("tiny-chat"), start, end,
                List.of(new IncidentEntry(start, "kv-leak", "tiny-chat on " + node + ": 22 orphaned blocks")),
                List.of("22 orphaned blocks, +8 in 10 s"), List.of("router: breaker tiny-chat on " + node + ": CLOSED -> OPEN"),
                state == IncidentState.ACKNOWLEDGED ? "alice" : null, state == IncidentState.ACKNOWLEDGED ? start + 1 : null);
    }
}
