package dev.firebreak.agent.stream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class EventHubTest {

    private final EventHub hub = new EventHub(5, 3, 100);

    @Test
    void shouldNumberEventsFromTheFirstIdUpwards() {
        assertThat(hub.publish("a", Map.of()).id()).isEqualTo(100);
        assertThat(hub.publish("b", Map.of()).id()).isEqualTo(101);
    }

    @Test
    void shouldStartANewStreamFromTheWholeLatestState() throws InterruptedException {
        hub.publishState(Map.of("n", 1));
        hub.publishState(Map.of("n", 2));
        hub.publish("node-down", Map.of());

        try (EventHub.Subscription stream = hub.subscribe(null)) {
            assertThat(drain(stream)).extracting(StreamEvent::type, StreamEvent::json)
                    .containsExactly(tuple(EventHub.SNAPSHOT, "{\"n\":2}"));
        }
    }

    @Test
    void shouldSendWhatChangedOnceAStreamHasTheState() throws Exception {
        hub.publishState(Map.of("at", 1, "nodes", List.of(Map.of("id", "n1", "kv", 1), Map.of("id", "n2", "kv", 1))));
        try (EventHub.Subscription stream = hub.subscribe(null)) {
            assertThat(stream.next(0, TimeUnit.MILLISECONDS).type()).isEqualTo(EventHub.SNAPSHOT);
            hub.publishState(Map.of("at", 2, "nodes", List.of(Map.of("id", "n1", "kv", 1), Map.of("id", "n2", "kv", 3))));

            StreamEvent delta = stream.next(0, TimeUnit.MILLISECONDS);
            assertThat(delta.type()).isEqualTo(EventHub.DELTA);
            assertThat(dev.firebreak.node.http.Json.mapper().readTree(delta.json()))
                    .isEqualTo(dev.firebreak.node.http.Json.mapper().readTree("{\"at\":2,\"nodes\":{\"[]\":{\"1\":{\"kv\":3}}}}"));
        }
    }

    @Test
    void shouldResumeAfterTheLastEventIdWithoutGapsThenGiveTheWholeState() throws InterruptedException {
        hub.publishState(Map.of("n", 1));
        long seen = hub.publish("node-down", Map.of()).id();
        hub.publish("node-up", Map.of());
        hub.publishState(Map.of("n", 2));

        try (EventHub.Subscription stream = hub.subscribe(seen)) {
            assertThat(drain(stream)).extracting(StreamEvent::type, StreamEvent::json)
                    .containsExactly(tuple("node-up", "{}"), tuple(EventHub.SNAPSHOT, "{\"n\":2}"));
        }
    }

    @Test
    void shouldFallBackToTheWholeStateWhenTheLastIdIsNoLongerRetained() throws InterruptedException {
        long old = hub.publish("node-down", Map.of()).id();
        for (int i = 0; i < 6; i++) {
            hub.publish("node-up", Map.of("i", i));
        }
        hub.publishState(Map.of("i", 5));

        try (EventHub.Subscription stream = hub.subscribe(old)) {
            assertThat(drain(stream)).extracting(StreamEvent::json).containsExactly("{\"i\":5}");
        }
    }

    @Test
    void shouldKeepNoStateEventsSoOlderEventsStayResumable() throws InterruptedException {
        long seen = hub.publish("node-down", Map.of()).id();
        for (int i = 0; i < 10; i++) {
            hub.publishState(Map.of("i", i));
        }
        hub.publish("node-up", Map.of());

        try (EventHub.Subscription stream = hub.subscribe(seen)) {
            assertThat(drain(stream)).extracting(StreamEvent::type).containsExactly("node-up", EventHub.SNAPSHOT);
        }
    }

    @Test
    void shouldGiveAStreamThatFellBehindTheWholeLatestStateRatherThanABacklogOfDeltas() throws InterruptedException {
        hub.publishState(Map.of("i", -1));
        try (EventHub.Subscription stream = hub.subscribe(null)) {
            for (int i = 0; i < 10; i++) {
                hub.publishState(Map.of("i", i));
            }
            hub.publish("node-down", Map.of());

            assertThat(drain(stream)).extracting(StreamEvent::type, StreamEvent::json)
                    .containsExactly(tuple(EventHub.SNAPSHOT, "{\"i\":9}"), tuple("node-down", "{}"));
        }
    }

    @Test
    void shouldRefuseTheStateAsAnOrdinaryEvent() {
        assertThatThrownBy(() -> hub.publish(EventHub.SNAPSHOT, Map.of())).hasMessageContaining("publishState");
    }

    @Test
    void shouldTreatAnIdFromAnotherRunAsUnknown() throws InterruptedException {
        hub.publishState(Map.of());

        try (EventHub.Subscription stream = hub.subscribe(5_000L)) {
            assertThat(drain(stream)).extracting(StreamEvent::type).containsExactly(EventHub.SNAPSHOT);
        }
    }

    @Test
    void shouldDeliverLiveEventsToEveryOpenStream() throws InterruptedException {
        try (EventHub.Subscription one = hub.subscribe(null); EventHub.Subscription two = hub.subscribe(null)) {
            hub.publish("node-down", Map.of());

            assertThat(one.next(1, TimeUnit.SECONDS).type()).isEqualTo("node-down");
            assertThat(two.next(1, TimeUnit.SECONDS).type()).isEqualTo("node-down");
        }
        assertThat(hub.subscribers()).isZero();
    }

    @Test
    void shouldCutOffAStreamThatFallsTooFarBehind() {
        try (EventHub.Subscription slow = hub.subscribe(null)) {
            for (int i = 0; i < 4; i++) {
                hub.publish("e", Map.of());
            }
            assertThatThrownBy(() -> slow.next(0, TimeUnit.SECONDS)).hasMessageContaining("behind");
        }
    }

    @Test
    void shouldWriteEventsInSseForm() {
        StreamEvent event = hub.publish("node-up", Map.of("nodeId", "node-1"));

        assertThat(event.toSse()).isEqualTo("id: 100\nevent: node-up\ndata: {\"nodeId\":\"node-1\"}\n\n");
    }

    private static List<StreamEvent> drain(EventHub.Subscription stream) throws InterruptedException {
        List<StreamEvent> events = new ArrayList<>();
        StreamEvent event;
        while ((event = stream.next(0, TimeUnit.MILLISECONDS)) != null) {
            events.add(event);
        }
        return events;
    }
}
