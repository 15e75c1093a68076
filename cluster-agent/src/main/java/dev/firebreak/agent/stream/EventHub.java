package dev.firebreak.agent.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.agent.delta.MergePatch;
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
 * after its {@code Last-Event-ID} without gaps, and fans them out to the open streams.
 *
 * <p>The cluster's state goes out as a {@value #SNAPSHOT} when a stream opens and then as a
 * {@value #DELTA} each period: a {@link MergePatch} from the state before, so that at a thousand
 * nodes a stream carries what changed, not megabytes a second. A stream still holding an untaken
 * state event when the next comes has fallen behind: it gets the whole state instead of a queue
 * of patches. State events are not kept for resuming; a resumed stream gets the events it missed,
 * then the whole state.
 */
public final class EventHub {

    /** Event name of the cluster's whole state; a stream starts from one. */
    public static final String SNAPSHOT = "snapshot";
    /** Event name of a change to the state: a merge patch to the state of the state event before it. */
    public static final String DELTA = "delta";

    private final int retained;
    private final int subscriberBacklog;
    private final ArrayDeque<StreamEvent> recent = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private long nextId;
    /** The newest state, its event id, and (written when a stream needs it) the whole of it as an event. */
    private JsonNode state;
    private long stateId;
    private StreamEvent wholeState;

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
        if (type.equals(SNAPSHOT) || type.equals(DELTA)) {
            throw new IllegalArgumentException("the state goes out through publishState, not as a " + type + " event");
        }
        StreamEvent event = new StreamEvent(nextId++, type, write(data, type));
        recent.addLast(event);
        if (recent.size() > retained) {
            recent.removeFirst();
        }
        for (Subscription subscription : subscriptions) {
            subscription.offer(event);
        }
        return event;
    }

    /** Makes {@code snapshot} the newest state and sends each open stream what changed since the one before. */
    public synchronized StreamEvent publishState(Object snapshot) {
        JsonNode now = Json.mapper().valueToTree(snapshot);
        JsonNode patch = state == null ? null : MergePatch.diff(state, now);
        boolean first = state == null;
        state = now;
        stateId = nextId++;
        wholeState = null;
        StreamEvent event = first ? wholeState()
                : new StreamEvent(stateId, DELTA, write(patch == null ? Json.mapper().createObjectNode() : patch, DELTA));
        for (Subscription subscription : subscriptions) {
            subscription.offerState(event);
        }
        return event;
    }

    /** The newest state as one event, written once however many streams need it. */
    private StreamEvent wholeState() {
        if (wholeState == null) {
            wholeState = new StreamEvent(stateId, SNAPSHOT, write(state, SNAPSHOT));
        }
        return wholeState;
    }

    private static String write(Object data, String type) {
        try {
            return Json.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + type + " event as JSON", e);
        }
    }

    /**
     * Opens a stream. With a {@code lastEventId} still retained, it first replays every later event;
     * then (and on a first connection, or one too far behind, at once) it gets the whole state.
     */
    public synchronized Subscription subscribe(Long lastEventId) {
        Subscription subscription = new Subscription(subscriberBacklog);
        replayAfter(lastEventId).forEach(subscription::offer);
        if (state != null) {
            subscription.offer(wholeState());
        }
        subscriptions.add(subscription);
        return subscription;
    }

    private List<StreamEvent> replayAfter(Long lastEventId) {
        boolean resumable = lastEventId != null && !recent.isEmpty()
                && lastEventId >= recent.peekFirst().id() - 1 && lastEventId < nextId;
        return resumable ? recent.stream().filter(e -> e.id() > lastEventId).toList() : new ArrayList<>();
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

        private void offer(StreamEvent event) {
            if (!queue.offer(event)) {
                overflowed = true;
            }
        }

        /**
         * Queues a state event. One that finds the stream's last state event still queued finds a
         * stream behind: both give way to the whole state, so a slow console gets the latest state,
         * never a backlog of patches it would have to work through.
         */
        private void offerState(StreamEvent event) {
            boolean behind = queue.removeIf(e -> e.type().equals(SNAPSHOT) || e.type().equals(DELTA));
            offer(behind ? wholeState() : event);
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
