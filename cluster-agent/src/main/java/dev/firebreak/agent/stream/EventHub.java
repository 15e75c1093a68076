package dev.firebreak.agent.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.node.http.Json;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Numbers the agent's events, keeps the most recent ones so a reconnecting console can resume
 * after its {@code Last-Event-ID} without gaps, and fans them out to the open streams. Of the
 * periodic snapshots only the latest is kept and queued: each supersedes the last.
 */
public final class EventHub {

    /** Event name of the periodic full snapshot; a console that cannot resume starts from one. */
    public static final String SNAPSHOT = "snapshot";

    private final int retained;
    private final int subscriberBacklog;
    private final ArrayDeque<StreamEvent> recent = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private long nextId;
    private StreamEvent lastSnapshot;

    /**
     * @param retained how many recent events are kept for resuming
     * @param subscriberBacklog how far a slow stream may fall behind before it is cut off
     * @param firstId the id of the first event; start it above any id an earlier run of the agent
     *                gave (e.g. from the clock) so a console never mistakes old ids for new ones
     */
    public EventHub(int retained, int subscriberBacklog, long firstId) {
        this.retained = retained;
        this.subscriberBacklog = subscriberBacklog;
        this.nextId = firstId;
    }

    /** Numbers {@code data} as the next event of {@code type} and hands it to every open stream. */
    public synchronized StreamEvent publish(String type, Object data) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + type + " event as JSON", e);
        }
        StreamEvent event = new StreamEvent(nextId++, type, json);
        if (type.equals(SNAPSHOT)) {
            // A snapshot supersedes the ones before it: a console resuming needs the events it missed
            // and the latest state, not every second's state (at a thousand nodes, megabytes each).
            recent.removeIf(e -> e.type().equals(SNAPSHOT));
            lastSnapshot = event;
        }
        recent.addLast(event);
        if (recent.size() > retained) {
            recent.removeFirst();
        }
        for (Subscription subscription : subscriptions) {
            subscription.offer(event);
        }
        return event;
    }

    /**
     * Opens a stream. With a {@code lastEventId} still retained, it first replays every later event;
     * otherwise (first connection, or too far behind) it starts from the latest snapshot.
     */
    public synchronized Subscription subscribe(Long lastEventId) {
        Subscription subscription = new Subscription(subscriberBacklog);
        List<StreamEvent> replay = replayAfter(lastEventId);
        replay.forEach(subscription::offer);
        subscriptions.add(subscription);
        return subscription;
    }

    private List<StreamEvent> replayAfter(Long lastEventId) {
        boolean resumable = lastEventId != null && !recent.isEmpty()
                && lastEventId >= recent.peekFirst().id() - 1 && lastEventId < nextId;
        if (resumable) {
            return recent.stream().filter(e -> e.id() > lastEventId).toList();
        }
        List<StreamEvent> start = new ArrayList<>();
        if (lastSnapshot != null) {
            start.add(lastSnapshot);
        }
        return start;
    }

    /** The number of open streams. */
    public int subscribers() {
        return subscriptions.size();
    }

    /** One open stream's queue of events. */
    public final class Subscription implements AutoCloseable {

        private final BlockingQueue<StreamEvent> queue;
        private volatile boolean overflowed;

        private Subscription(int backlog) {
            this.queue = new LinkedBlockingQueue<>(backlog);
        }

        /** Queues {@code event}; a snapshot replaces one still queued, so a slow console gets the latest state, not a backlog of them. */
        private void offer(StreamEvent event) {
            if (event.type().equals(SNAPSHOT)) {
                queue.removeIf(e -> e.type().equals(SNAPSHOT));
            }
            if (!queue.offer(event)) {
                overflowed = true;
            }
        }

        /**
         * The next event, or {@code null} if none came within the timeout.
         *
         * @throws IllegalStateException when this stream fell so far behind that events were dropped;
         *                               the client must reconnect (and will resume from its last id)
         */
        public StreamEvent next(long timeout, TimeUnit unit) throws InterruptedException {
            if (overflowed) {
                throw new IllegalStateException("stream fell more than " + subscriberBacklog + " events behind");
            }
            return queue.poll(timeout, unit);
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
