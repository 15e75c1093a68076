package dev.firebreak.agent.watch;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeReport;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.node.api.NodeState;

import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What the agent knows of every node, fed by scrapes. Raises an event when a node goes down,
 * comes back, or changes its serving state, and when discovery adds or removes one.
 */
public final class ClusterState {

    private static final System.Logger LOG = System.getLogger(ClusterState.class.getName());

    private final String cluster;
    // Discovery adds and removes nodes while scrapes and snapshots read them.
    private final Map<String, AtomicReference<NodeView>> nodes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final long downAfterMillis;
    private final long startedMillis;
    private final InstantSource clock;
    private final Consumer<ClusterEvent> events;
    private volatile java.util.function.BiFunction<String, NodeReport, NodeReport> overlay = (id, report) -> report;
    private final Liveness liveness;

    /**
     * @param downAfterMillis a node without an answer for this long is DOWN
     * @param events receives every event this state raises
     */
    public ClusterState(String cluster, List<NodeConfig> configured, long downAfterMillis, InstantSource clock,
                        Consumer<ClusterEvent> events) {
        this(cluster, configured, downAfterMillis, clock, events, Liveness.onFirstTimeout());
    }

    /** @param liveness judges a node whose scrapes time out: down, slow, or not yet decided */
    public ClusterState(String cluster, List<NodeConfig> configured, long downAfterMillis, InstantSource clock,
                        Consumer<ClusterEvent> events, Liveness liveness) {
        this.liveness = liveness;
        this.cluster = cluster;
        this.downAfterMillis = downAfterMillis;
        this.clock = clock;
        this.events = events;
        this.startedMillis = clock.millis();
        for (NodeConfig node : configured) {
            nodes.put(node.id(), new AtomicReference<>(
                    new NodeView(node.id(), node.url(), node.kind(), NodeHealth.UNKNOWN, null, 0, startedMillis, null)));
        }
    }

    /**
     * What the agent itself adds to each scrape before it is kept: the state and progress of a
     * drain done at the gateway, for an engine without a drain endpoint.
     */
    public void overlay(java.util.function.BiFunction<String, NodeReport, NodeReport> change) {
        this.overlay = change;
    }

    /** Starts tracking a node found by discovery; false if one with its id is already tracked. */
    public boolean add(NodeConfig node) {
        long now = clock.millis();
        AtomicReference<NodeView> fresh = new AtomicReference<>(
                new NodeView(node.id(), node.url(), node.kind(), NodeHealth.UNKNOWN, null, 0, now, null));
        if (nodes.putIfAbsent(node.id(), fresh) != null) {
            return false;
        }
        raise(new ClusterEvent("node-added", now, node.id(), "node " + node.id() + " at " + node.url() + " is watched"));
        return true;
    }

    /** Stops tracking a node that discovery no longer sees. */
    public void remove(String nodeId, String why) {
        liveness.forget(nodeId);
        if (nodes.remove(nodeId) != null) {
            raise(new ClusterEvent("node-removed", clock.millis(), nodeId, "node " + nodeId + " is no longer watched: " + why));
        }
    }

    /** The node answered its scrape with {@code status}. */
    public void scraped(String nodeId, NodeReport scraped) {
        if (!nodes.containsKey(nodeId)) {
            return; // removed while its scrape was in flight
        }
        long now = clock.millis();
        NodeReport status = overlay.apply(nodeId, scraped);
        liveness.answered(nodeId);
        NodeView before = view(nodeId).getAndUpdate(v -> new NodeView(v.id(), v.url(), v.kind(), NodeHealth.UP, status, now,
                v.health() == NodeHealth.UP ? v.healthSinceMillis() : now, null));
        if (before.health() != NodeHealth.UP) {
            raise(new ClusterEvent("node-up", now, nodeId, "node " + nodeId + " is answering ("
                    + status.state() + ")"));
        } else if (before.status() != null && before.status().state() != status.state()) {
            raise(new ClusterEvent("node-state", now, nodeId, "node " + nodeId + " is now "
                    + status.state() + " (was " + before.status().state() + ")"));
        }
    }

    /**
     * A scrape failed. The node is DOWN at once if the connection was refused or reset (nothing
     * listens), otherwise when {@link Liveness} judges so once it has not answered for the down
     * threshold; a node still answering the gateway is reported slow and kept UP.
     */
    public void scrapeFailed(String nodeId, String error, boolean refused) {
        if (!nodes.containsKey(nodeId)) {
            return;
        }
        long now = clock.millis();
        NodeView current = view(nodeId).get();
        long silentSince = current.lastSeenMillis() > 0 ? current.lastSeenMillis() : startedMillis;
        Liveness.Verdict verdict = refused ? Liveness.Verdict.DOWN
                : liveness.timedOut(nodeId, now - silentSince >= downAfterMillis);
        String told = verdict == Liveness.Verdict.SLOW
                ? SLOW + error + " (" + liveness.timeouts(nodeId) + " in a row), but still answering the gateway's requests"
                : error;
        NodeView before = view(nodeId).getAndUpdate(v -> {
            NodeHealth health = verdict == Liveness.Verdict.DOWN ? NodeHealth.DOWN : v.health();
            return new NodeView(v.id(), v.url(), v.kind(), health, v.status(), v.lastSeenMillis(),
                    health == v.health() ? v.healthSinceMillis() : now, told);
        });
        if (before.health() != NodeHealth.DOWN && verdict == Liveness.Verdict.DOWN) {
            raise(new ClusterEvent("node-down", now, nodeId, "node " + nodeId + " is down: " + error));
        } else if (verdict == Liveness.Verdict.SLOW && (before.lastError() == null || !before.lastError().startsWith(SLOW))) {
            raise(new ClusterEvent("node-slow", now, nodeId, "node " + nodeId + " is " + told));
        }
    }

    /** How the last error of a node judged slow begins. */
    private static final String SLOW = "slow: ";

    /** True when the node's last known serving state is {@code state}. */
    public boolean isIn(String nodeId, NodeState state) {
        NodeReport status = view(nodeId).get().status();
        return status != null && status.state() == state;
    }

    /** The node's health; UNKNOWN for a node no longer tracked. */
    public NodeHealth health(String nodeId) {
        AtomicReference<NodeView> view = nodes.get(nodeId);
        return view == null ? NodeHealth.UNKNOWN : view.get().health();
    }

    public ClusterSnapshot snapshot() {
        List<NodeView> views;
        synchronized (nodes) {
            views = nodes.values().stream().map(AtomicReference::get).toList();
        }
        return new ClusterSnapshot(cluster, clock.millis(), views);
    }

    private AtomicReference<NodeView> view(String nodeId) {
        return Objects.requireNonNull(nodes.get(nodeId), () -> "unknown node " + nodeId);
    }

    private void raise(ClusterEvent event) {
        LOG.log(event.type().equals("node-down") ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "cluster={0} node={1} event={2} {3}", cluster, event.nodeId(), event.type(), event.message());
        events.accept(event);
    }
}
