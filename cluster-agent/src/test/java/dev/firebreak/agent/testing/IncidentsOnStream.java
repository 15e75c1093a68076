package dev.firebreak.agent.testing;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.client.StreamListener;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A live-stream listener that keeps the incidents the stream carries, for tests of what an agent streams. */
public final class IncidentsOnStream {

    private IncidentsOnStream() {
    }

    /** Adds every streamed incident to {@code streamed}, and checks no incident passes for a cluster event. */
    public static StreamListener into(List<Incident> streamed) {
        return new StreamListener() {
            @Override
            public void onConnected() {
            }

            @Override
            public void onSnapshot(ClusterSnapshot snapshot) {
            }

            @Override
            public void onEvent(ClusterEvent event) {
                assertThat(event.type()).as("an incident is not taken for a cluster event").isNotNull();
            }

            @Override
            public void onIncident(Incident incident) {
                streamed.add(incident);
            }

            @Override
            public void onDisconnected(String reason) {
            }
        };
    }
}
