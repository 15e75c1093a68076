package dev.firebreak.agent.client;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.Incident;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.delta.MergePatch;
import dev.firebreak.agent.stream.EventHub;
import dev.firebreak.node.http.Json;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One live stream from an agent that keeps itself open: when it breaks it reports why and
 * reconnects with backoff, sending {@code Last-Event-ID} so no event in between is lost. With
 * several replicas it reconnects to the next one at once instead, without the last event id (each
 * replica numbers its own events; the next snapshot, within a second, brings the console up to
 * date), and backs off only once it has tried them all.
 */
public final class StreamConnection implements AutoCloseable {

    /** Event name of an incident that started or changed; the agent's stream and this client agree on it here. */
    public static final String INCIDENT = "incident";

    private static final long FIRST_RETRY_MILLIS = 250;
    private static final long MAX_RETRY_MILLIS = 2000;
    /** The agent sends a snapshot every second; this long without a byte means it is gone. */
    private static final Duration SILENCE_LIMIT = Duration.ofMillis(2500);

    private final OkHttpClient http;
    private final Replicas replicas;
    private final String path;
    private final String token;
    private final StreamListener listener;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stream-reconnect").daemon().factory());
    private volatile String lastEventId;
    /** The cluster's state as the stream last gave it, which the next delta patches; read on the stream's thread. */
    private JsonNode state;
    /** The replica the stream is open on, or was last tried on. */
    private volatile String replica;
    private int failedInARow;
    private volatile EventSource current;
    private volatile boolean closed;
    private long retryMillis = FIRST_RETRY_MILLIS;

    StreamConnection(OkHttpClient base, Replicas replicas, String path, String token, StreamListener listener) {
        this.http = base.newBuilder().readTimeout(SILENCE_LIMIT).callTimeout(Duration.ZERO).build();
        this.replicas = replicas;
        this.path = path;
        this.token = token;
        this.listener = listener;
    }

    void connect() {
        if (closed) {
            return;
        }
        String at = replicas.current();
        if (replica != null && !replica.equals(at)) {
            lastEventId = null;
        }
        replica = at;
        state = null;
        Request.Builder request = new Request.Builder().url(at + path)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        current = EventSources.createFactory(http).newEventSource(request.build(), new Listener());
    }

    /** The replica the stream is open on (or being opened on). */
    public String replica() {
        return replica;
    }

    /** The id of the last event received, or {@code null} before the first. */
    public String lastEventId() {
        return lastEventId;
    }

    private final class Listener extends EventSourceListener {

        @Override
        public void onOpen(EventSource source, Response response) {
            synchronized (StreamConnection.this) {
                retryMillis = FIRST_RETRY_MILLIS;
                failedInARow = 0;
            }
            listener.onConnected();
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            try {
                if (EventHub.SNAPSHOT.equals(type)) {
                    state = Json.mapper().readTree(data);
                    listener.onSnapshot(Json.mapper().treeToValue(state, ClusterSnapshot.class));
                } else if (EventHub.DELTA.equals(type)) {
                    if (state == null) {
                        // Cannot happen with an agent that starts each stream with its state; start again if it does.
                        lastEventId = null;
                        source.cancel();
                        retry("a delta came before any snapshot");
                        return;
                    }
                    state = MergePatch.apply(state, Json.mapper().readTree(data));
                    listener.onSnapshot(Json.mapper().treeToValue(state, ClusterSnapshot.class));
                } else if (INCIDENT.equals(type)) {
                    listener.onIncident(Json.mapper().readValue(data, Incident.class));
                } else {
                    listener.onEvent(Json.mapper().readValue(data, ClusterEvent.class));
                }
                if (id != null) {
                    lastEventId = id;
                }
            } catch (IOException | IllegalArgumentException e) {
                source.cancel();
                retry("unreadable " + type + " event: " + e.getMessage());
            }
        }

        @Override
        public void onClosed(EventSource source) {
            retry("the agent closed the stream");
        }

        @Override
        public void onFailure(EventSource source, Throwable error, Response response) {
            String reason;
            if (response != null && response.code() != 200) {
                String body;
                try {
                    body = response.body().string();
                } catch (IOException | RuntimeException e) {
                    body = "";
                }
                reason = AgentClient.failure(response.code(), body).getMessage();
            } else if (error instanceof java.net.ConnectException) {
                reason = "connection refused";
            } else if (error instanceof java.net.SocketTimeoutException) {
                reason = "agent silent for " + SILENCE_LIMIT.toMillis() + " ms";
            } else {
                reason = error == null ? "stream ended" : "stream broke: " + error.getMessage();
            }
            retry(reason);
        }
    }

    private void retry(String reason) {
        if (closed) {
            return;
        }
        listener.onDisconnected(reason);
        long delay;
        synchronized (this) {
            failedInARow++;
            if (replicas.size() > 1 && failedInARow < replicas.size()) {
                delay = 0; // the next replica at once: this one went away
            } else {
                delay = retryMillis;
                retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
                failedInARow = 0;
            }
            replicas.failedOver(replica);
        }
        try {
            retries.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed meanwhile.
        }
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        EventSource source = current;
        if (source != null) {
            source.cancel();
        }
    }
}
