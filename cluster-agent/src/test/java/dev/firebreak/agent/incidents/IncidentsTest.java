package dev.firebreak.agent.incidents;

import dev.firebreak.agent.testing.SqliteStateFile;
import dev.firebreak.agent.api.BreakerTransition;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentEntry;
import dev.firebreak.agent.api.IncidentSeverity;
import dev.firebreak.agent.api.IncidentState;
import dev.firebreak.agent.watch.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Grouping events into incidents on an injected clock, and keeping them in a real SQLite file; two
 * agents on one store ("a", the test's own, and "b") share each incident as replicas on PostgreSQL do.
 */
class IncidentsTest {

    private static final String LEAK = "tiny-chat on node-2: 22 orphaned blocks, +8 in 10 s, while live sequences stayed at 3";
    private static final String LEAK_AS_B_SAW_IT = "tiny-chat on node-2: 23 orphaned blocks, +8 in 10 s, while live sequences stayed at 3";

    @RegisterExtension
    final SqliteStateFile state = new SqliteStateFile();
    private final ManualClock clock = new ManualClock();
    private final List<Incident> told = new ArrayList<>();
    private IncidentLog log;
    private Incidents incidents;

    @BeforeEach
    void open() throws Exception {
        log = state.store().incidents();
        incidents = new Incidents(clock, log);
        incidents.addListener(told::add);
    }

    @Test
    void shouldGroupALeakItsBreakerAndItsClearingIntoOneIncidentThatEndsByItself() {
        event("kv-leak", "node-2", LEAK);
        breaker("tiny-chat", "node-2", State.CLOSED, State.OPEN);
        event("action", "node-2", "alice DRAIN node-2: drained (KV leak, ticket 4711)");
        event("kv-leak-cleared", "node-2", "tiny-chat on node-2: kv-leak not seen for 20 s");
        assertThat(incidents.liveCount()).as("the breaker is still open").isEqualTo(1);

        breaker("tiny-chat", "node-2", State.OPEN, State.HALF_OPEN);
        breaker("tiny-chat", "node-2", State.HALF_OPEN, State.CLOSED);

        List<Incident> all = incidents.list(10);
        assertThat(all).hasSize(1);
        Incident i = all.getFirst();
        assertThat(i.state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(i.severity()).isEqualTo(IncidentSeverity.CRITICAL);
        assertThat(i.title()).isEqualTo("KV leak on node-2");
        assertThat(i.models()).containsExactly("tiny-chat");
        assertThat(i.evidence()).containsExactly(LEAK);
        assertThat(i.actions()).hasSize(4).anyMatch(a -> a.startsWith("operator: alice DRAIN"));
        assertThat(i.timeline()).extracting(IncidentEntry::type)
                .containsExactly("kv-leak", "breaker", "action", "kv-leak-cleared", "breaker", "breaker", "resolved");
        assertThat(i.endedAtMillis()).isEqualTo(clock.millis());
        assertThat(told).extracting(Incident::id).containsOnly(i.id());
    }

    @Test
    void shouldKeepIncidentsOfDifferentNodesApartAndStartNothingFromNotes() {
        event("node-state", "node-1", "node node-1 is now DRAINING (was SERVING)");
        event("kv-leak", "node-2", LEAK);
        event("node-down", "node-3", "node node-3 is down: connection refused");

        assertThat(incidents.list(10)).extracting(Incident::node).containsExactly("node-3", "node-2");
        assertThat(incidents.liveCount()).isEqualTo(2);
    }

    @Test
    void shouldRaiseTheSeverityOfAWarningWhenTheNodeGoesDown() {
        event("node-slow", "node-1", "node node-1 is slow: no answer within the scrape timeout (3 in a row)");
        assertThat(incidents.list(1).getFirst().severity()).isEqualTo(IncidentSeverity.WARNING);

        event("node-down", "node-1", "node node-1 is down: connection refused");

        assertThat(incidents.list(10)).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(IncidentSeverity.CRITICAL);
            assertThat(i.title()).isEqualTo("Node slow on node-1");
        });
    }

    @Test
    void shouldLetASlowNodeLapseWithNoClearingEventOfItsOwn() {
        event("node-slow", "node-1", "node node-1 is slow");
        stillLiveJustBeforeAndEndedAt(Grouping.SLOW_LAPSES_AFTER_MILLIS);
    }

    @Test
    void shouldAcknowledgeOnceAndKeepShowingItUntilItEnds() throws Exception {
        event("node-down", "node-1", "node node-1 is down: connection refused");
        String id = incidents.list(1).getFirst().id();

        Incident acked = incidents.acknowledge(id, "alice", "on it, ticket 4711");

        assertThat(acked.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
        assertThat(acked.acknowledgedBy()).isEqualTo("alice");
        assertThat(acked.acknowledgedAtMillis()).isEqualTo(clock.millis());
        assertThat(incidents.problemActingOn(id, true)).contains("incident " + id + " was already acknowledged by alice");
        assertThatThrownBy(() -> incidents.acknowledge(id, "bob", "me too"))
                .isInstanceOfSatisfying(IncidentException.class, e -> assertThat(e.code()).isEqualTo("already_acknowledged"));
        assertThat(incidents.list(1).getFirst().acknowledgedBy()).isEqualTo("alice");
    }

    @Test
    void shouldRefuseAnUnknownIncident() {
        assertThat(incidents.problemActingOn("inc-1-node-9", false)).contains("no live incident 'inc-1-node-9'");
        assertThatThrownBy(() -> incidents.resolve("inc-1-node-9", "alice", "done"))
                .isInstanceOfSatisfying(IncidentException.class, e -> assertThat(e.code()).isEqualTo("no_such_incident"));
    }

    @Test
    void shouldStartANewIncidentAfterAnOperatorResolvedTheLast() throws Exception {
        event("node-down", "node-1", "node node-1 is down: connection refused");
        String first = incidents.list(1).getFirst().id();
        incidents.resolve(first, "alice", "host replaced");
        clock.advance(5000);

        event("node-down", "node-1", "node node-1 is down: connection refused");

        assertThat(incidents.list(10)).extracting(Incident::state).containsExactly(IncidentState.OPEN, IncidentState.RESOLVED);
        assertThat(incidents.list(10).getLast().id()).isEqualTo(first);
    }

    @Test
    void shouldCarryOnWithLiveIncidentsAfterARestart() throws Exception {
        event("kv-leak", "node-2", LEAK);
        breaker("tiny-chat", "node-2", State.CLOSED, State.OPEN);
        String id = incidents.list(1).getFirst().id();

        log = state.reopen().incidents();
        Incidents restarted = new Incidents(clock, log);

        assertThat(restarted.list(10)).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo(id);
            assertThat(i.state()).isEqualTo(IncidentState.OPEN);
            assertThat(i.evidence()).containsExactly(LEAK);
        });
        restarted.accept(new ClusterEvent("kv-leak", clock.millis(), "node-2", LEAK));
        assertThat(restarted.list(10)).hasSize(1);
    }

    @Test
    void shouldMakeOneIncidentOfALeakTwoAgentsSeeWithoutTheirSharedBreakerChangeTwice() throws Exception {
        Incidents b = new Incidents(clock, log, "agent-b");
        event("kv-leak", "node-2", LEAK);
        b.accept(new ClusterEvent("kv-leak", clock.millis() + 300, "node-2", LEAK_AS_B_SAW_IT));
        breaker("tiny-chat", "node-2", State.CLOSED, State.OPEN);
        // b's breaker gives the same change its own figures
        b.accept(ClusterEvent.of(new BreakerTransition("tiny-chat", "node-2", State.CLOSED, State.OPEN, -1f, LEAK_AS_B_SAW_IT),
                clock.millis() + 400));

        assertThat(log.live()).singleElement().satisfies(s -> {
            assertThat(s.holders()).hasSize(2).containsKey("agent-b");
            assertThat(s.incident().evidence()).containsExactly(LEAK, LEAK_AS_B_SAW_IT);
            assertThat(s.incident().timeline()).extracting(IncidentEntry::type).containsExactly("kv-leak", "kv-leak", "breaker");
            assertThat(s.incident().actions()).as("what each router did, in its words").hasSize(2);
        });
        b.sync();
        assertThat(b.live()).extracting(Incident::id).containsExactly(incidents.live().getFirst().id());
    }

    @Test
    void shouldEndASharedIncidentOnlyOnceEveryAgentThatRaisedItHasCleared() throws Exception {
        List<Incident> toldB = new ArrayList<>();
        Incidents b = new Incidents(clock, log, "agent-b");
        b.addListener(toldB::add);
        event("node-down", "node-3", "node node-3 is down: connection refused");
        b.accept(new ClusterEvent("node-down", clock.millis(), "node-3", "node node-3 is down: connection refused"));

        event("node-up", "node-3", "node node-3 is up again");
        assertThat(incidents.liveCount()).as("b still sees it down").isEqualTo(1);
        assertThat(log.live()).singleElement().satisfies(s -> assertThat(s.holders()).containsOnlyKeys("agent-b"));

        clock.advance(1000);
        b.accept(new ClusterEvent("node-up", clock.millis(), "node-3", "node node-3 is up again"));
        assertThat(b.liveCount()).isZero();
        Incident ended = incidents.list(1).getFirst();
        assertThat(ended.state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(ended.timeline()).extracting(IncidentEntry::type).containsExactly("node-down", "node-up", "resolved");
        incidents.sync();
        assertThat(incidents.liveCount()).isZero();
        assertThat(told.getLast()).as("a is told it ended on b").isEqualTo(ended);
        assertThat(toldB.getLast()).isEqualTo(ended);
    }

    @Test
    void shouldShowAnAcknowledgementOnOneAgentOnTheOtherOnceItSyncs() throws Exception {
        Incidents b = new Incidents(clock, log, "agent-b");
        event("node-down", "node-1", "node node-1 is down: connection refused");
        b.accept(new ClusterEvent("node-down", clock.millis(), "node-1", "node node-1 is down: connection refused"));
        String id = incidents.live().getFirst().id();

        b.acknowledge(id, "alice", "on it");
        incidents.sync();

        assertThat(told.getLast().state()).isEqualTo(IncidentState.ACKNOWLEDGED);
        assertThat(incidents.live()).singleElement().extracting(Incident::acknowledgedBy).isEqualTo("alice");
        assertThat(incidents.problemActingOn(id, true)).contains("incident " + id + " was already acknowledged by alice");
        assertThatThrownBy(() -> incidents.acknowledge(id, "bob", "me too"))
                .isInstanceOfSatisfying(IncidentException.class, e -> assertThat(e.code()).isEqualTo("already_acknowledged"));
    }

    @Test
    void shouldDropItsHoldWhenAnOperatorResolvedTheIncidentOnTheOtherAgent() throws Exception {
        Incidents b = new Incidents(clock, log, "agent-b");
        event("kv-leak", "node-2", LEAK);
        String id = incidents.live().getFirst().id();
        b.sync();
        b.resolve(id, "alice", "node replaced");
        incidents.sync();
        assertThat(incidents.liveCount()).isZero();

        event("kv-leak-cleared", "node-2", "tiny-chat on node-2: kv-leak not seen for 20 s");
        event("kv-leak", "node-2", LEAK);

        assertThat(incidents.list(10)).extracting(Incident::state).containsExactly(IncidentState.OPEN, IncidentState.RESOLVED);
        assertThat(incidents.list(10).getLast().timeline()).extracting(IncidentEntry::type).containsExactly("kv-leak", "resolved");
    }

    @Test
    void shouldEndAnIncidentWhoseOnlyHolderStoppedSpeakingOnceItsHoldLapses() throws Exception {
        Incidents died = new Incidents(clock, log, "agent-b");
        died.accept(new ClusterEvent("node-down", clock.millis(), "node-1", "node node-1 is down: connection refused"));
        incidents.sync();
        stillLiveJustBeforeAndEndedAt(SharedIncident.HOLDER_LAPSES_AFTER_MILLIS);
        assertThat(incidents.list(1).getFirst().timeline().getLast().message()).isEqualTo(
                "no agent holding it has been heard from for 60 s");
    }

    @Test
    void shouldKeepAnIncidentItHoldsOpenPastTheLapseByRefreshingItsHold() {
        event("kv-leak", "node-2", LEAK);
        for (int s = 0; s < 3 * SharedIncident.HOLDER_LAPSES_AFTER_MILLIS / 1000; s++) {
            clock.advance(1000);
            incidents.tick();
        }
        assertThat(incidents.liveCount()).isEqualTo(1);
    }

    /** The one live incident is still live a second before {@code millis} from now, and has ended at {@code millis}. */
    private void stillLiveJustBeforeAndEndedAt(long millis) {
        clock.advance(millis - 1000);
        incidents.tick();
        assertThat(incidents.liveCount()).isEqualTo(1);

        clock.advance(1000);
        incidents.tick();

        assertThat(incidents.liveCount()).isZero();
    }

    @Test
    void shouldKeepTheSameLineFromTwoAgentsOnceOnlyWhenTheyAreCloseInTime() throws Exception {
        Incidents b = new Incidents(clock, log, "agent-b");
        event("node-down", "node-1", "node node-1 is down: connection refused");
        b.accept(new ClusterEvent("node-down", clock.millis() + Incidents.SAME_EVENT_WITHIN_MILLIS, "node-1",
                "node node-1 is down: connection refused"));
        b.accept(new ClusterEvent("node-down", clock.millis() + Incidents.SAME_EVENT_WITHIN_MILLIS + 1, "node-1",
                "node node-1 is down: connection refused"));
        breaker("tiny-chat", "node-1", State.CLOSED, State.OPEN);
        b.accept(ClusterEvent.of(new BreakerTransition("tiny-chat", "node-1", State.OPEN, State.HALF_OPEN, -1f, "trial"),
                clock.millis()));

        assertThat(incidents.list(1).getFirst().timeline()).extracting(IncidentEntry::type)
                .containsExactly("node-down", "node-down", "breaker", "breaker");
    }

    private void event(String type, String node, String message) {
        clock.advance(1000);
        incidents.accept(new ClusterEvent(type, clock.millis(), node, message));
    }

    private void breaker(String model, String node, State from, State to) {
        clock.advance(1000);
        incidents.accept(ClusterEvent.of(new BreakerTransition(model, node, from, to, -1f, "KV leak on " + node), clock.millis()));
    }
}
