package dev.firebreak.agent.stream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventHubTest {

    private final EventHub hub = new EventHub(5, 3, 100);

    @Test
    void shouldNumberEventsFromTheFirstIdUpwards() {
        assertThat(hub.publish("a", Map.of()).id()).isEqualTo(100);
        assertThat(hub.publish("b", Map.of()).id()).isEqualTo(101);
    }

    @Test
    void shouldStartANewStreamFromTheLatestSnapshot() throws InterruptedException {
        hub.publish(EventHub.SNAPSHOT, Map.of("n", 1));
        hub.publish(EventHub.SNAPSHOT, Map.of("n", 2));
        hub.publish("node-down", Map.of());

        try (EventHub.Subscription stream = hub.subscribe(null)) {
            assertThat(drain(stream)).extracting(StreamEvent::json).containsExactly("{\"n\":2}");
        }
    }

    @Test
    void shouldResumeAfterTheLastEventIdWithoutGaps() throws InterruptedException {
        hub.publish(EventHub.SNAPSHOT, Map.of());
        long seen = hub.publish("node-down", Map.of()).id();
        hub.publish("node-up", Map.of());
        hub.publish(EventHub.SNAPSHOT, Map.of());

        try (EventHub.Subscription stream = hub.subscribe(seen)) {
            assertThat(drain(stream)).extracting(StreamEvent::type).containsExactly("node-up", EventHub.SNAPSHOT);
        }
    }

    @Test
    void shouldFallBackToTheLatestSnapshotWhenTheLastIdIsNoLongerRetained() throws InterruptedException {
        long old = hub.publish("node-down", Map.of()).id();
        for (int i = 0; i < 6; i++) {
            hub.publish(EventHub.SNAPSHOT, Map.of("i", i));
        }

        try (EventHub.Subscription stream = hub.subscribe(old)) {
            assertThat(drain(stream)).extracting(StreamEvent::json).containsExactly("{\"i\":5}");
        }
    }

    @Test
    void shouldKeepOnlyTheLatestSnapshotSoOlderEventsStayResumable() throws InterruptedException {
        long seen = hub.publish("node-down", Map.of()).id();
        for (int i = 0; i < 10; i++) {
            hub.publish(EventHub.SNAPSHOT, Map.of("i", i));
        }
        hub.publish("node-up", Map.of());

        try (EventHub.Subscription stream = hub.subscribe(seen)) {
            assertThat(drain(stream)).extracting(StreamEvent::type).containsExactly(EventHub.SNAPSHOT, "node-up");
        }
    }

    @Test
    void shouldGiveASlowStreamTheLatestSnapshotRatherThanABacklogOfThem() throws InterruptedException {
        try (EventHub.Subscription stream = hub.subscribe(null)) {
            for (int i = 0; i < 10; i++) {
                hub.publish(EventHub.SNAPSHOT, Map.of("i", i));
            }
            hub.publish("node-down", Map.of());

            assertThat(drain(stream)).extracting(StreamEvent::json).containsExactly("{\"i\":9}", "{}");
        }
    }

    @Test
    void shouldTreatAnIdFromAnotherRunAsUnknown() throws InterruptedException {
        hub.publish(EventHub.SNAPSHOT, Map.of());

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
