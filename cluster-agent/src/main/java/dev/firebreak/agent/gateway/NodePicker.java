package dev.firebreak.agent.gateway;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.node.api.NodeState;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Chooses the node for a request by capacity: of the nodes that are up, serving, admitting the
 * model, under the KV threshold, under the model's in-flight limit per node and with a breaker that
 * is not open, two are drawn at random and the one with more headroom wins (power of two choices:
 * near-best balance, no herd on one node). The chosen node's in-flight slot is taken at once, so
 * concurrent picks cannot overshoot the limit; the caller releases it with {@link Target#release()}.
 */
final class NodePicker {

    /** A chosen node. */
    record Target(String nodeId, String url, AtomicInteger inFlight) {
        void release() {
            inFlight.decrementAndGet();
        }
    }

    /** Why nothing could be chosen, for the shed response. */
    record Refusal(String reason) {
    }

    private final Supplier<List<NodeView>> nodes;
    private final Breakers breakers;
    private final java.util.function.BiPredicate<String, String> excluded;
    private final java.util.function.ToDoubleBiFunction<String, String> weight;
    private final double kvThreshold;
    private final int maxPerNode;
    /** Requests in flight by model, then node. */
    private final Map<String, Map<String, AtomicInteger>> inFlight = new ConcurrentHashMap<>();
    private final Set<String> everServed = ConcurrentHashMap.newKeySet();

    /**
     * @param excluded (model, node) pairs an operator moved traffic away from
     */
    NodePicker(Supplier<List<NodeView>> nodes, Breakers breakers, double kvThreshold, int maxPerNode,
               java.util.function.BiPredicate<String, String> excluded,
               java.util.function.ToDoubleBiFunction<String, String> weight) {
        this.nodes = nodes;
        this.breakers = breakers;
        this.excluded = excluded;
        this.weight = weight;
        this.kvThreshold = kvThreshold;
        this.maxPerNode = maxPerNode;
    }

    /**
     * A node for {@code model} not in {@code tried}, or why there is none. Runs for every request
     * and every retry, so it allocates the chosen target and two arrays the size of the fleet, and
     * nothing per node (see {@code GatewayPathsBench}).
     */
    Object pick(String model, Set<String> tried) {
        List<NodeView> all = nodes.get();
        // The eligible nodes, as their places in all, and their scores: lower is better.
        int[] eligible = new int[all.size()];
        double[] scores = new double[all.size()];
        int count = 0;
        int serving = 0;
        int full = 0;
        int open = 0;
        int busy = 0;
        for (int i = 0; i < all.size(); i++) {
            NodeView node = all.get(i);
            ModelReport status = servingStatus(node, model);
            if (status == null || tried.contains(node.id()) || excluded.test(model, node.id())) {
                continue;
            }
            serving++;
            AtomicInteger slots = inFlight(model, node.id());
            if (status.kv().known() && status.kv().usage() >= kvThreshold) {
                full++;
            } else if (!breakers.admits(model, node.id())) {
                open++;
            } else if (slots.get() >= maxPerNode) {
                busy++;
            } else {
                eligible[count] = i;
                scores[count] = score(slots.get(), status);
                count++;
            }
        }
        while (count > 0) {
            int chosen = draw(model, all, eligible, count, -1);
            if (count > 1) {
                int other = draw(model, all, eligible, count, chosen);
                if (scores[other] < scores[chosen]) {
                    chosen = other;
                }
            }
            NodeView node = all.get(eligible[chosen]);
            AtomicInteger slots = inFlight(model, node.id());
            if (slots.incrementAndGet() <= maxPerNode) {
                return new Target(node.id(), node.url(), slots);
            }
            // Another request took the last slot since the check above: drop the node and draw again.
            slots.decrementAndGet();
            count--;
            eligible[chosen] = eligible[count];
            scores[chosen] = scores[count];
            busy++;
        }
        return new Refusal(serving == 0 ? "no node serves it now"
                : serving + " nodes serve it: " + full + " above " + Math.round(kvThreshold * 100) + "% KV, "
                + open + " with an open breaker, " + busy + " with " + maxPerNode + " of its requests in flight");
    }

    /**
     * One of the first {@code count} places in {@code eligible} other than {@code not}, at random in
     * proportion to the weight an operator gave its node (1 by default).
     */
    private int draw(String model, List<NodeView> all, int[] eligible, int count, int not) {
        double total = 0;
        for (int p = 0; p < count; p++) {
            total += p == not ? 0 : weight.applyAsDouble(model, all.get(eligible[p]).id());
        }
        double r = ThreadLocalRandom.current().nextDouble() * total;
        int last = -1;
        for (int p = 0; p < count; p++) {
            if (p == not) {
                continue;
            }
            last = p;
            r -= weight.applyAsDouble(model, all.get(eligible[p]).id());
            if (r < 0) {
                return p;
            }
        }
        return last;
    }

    /** The node's report of {@code model} when the node is up, serving and admitting it, else {@code null}. */
    private static ModelReport servingStatus(NodeView node, String model) {
        if (node.health() != NodeHealth.UP || node.status() == null || node.status().state() != NodeState.SERVING) {
            return null;
        }
        for (ModelReport m : node.status().models()) {
            if (m.model().equals(model) && m.admissionOpen()) {
                return m;
            }
        }
        return null;
    }

    /**
     * Lower is better: KV in use, plus queued and running work, plus what the gateway sent since the
     * last scrape ({@code pending}). A figure the node's engine does not give adds nothing: such a
     * node is weighed by the gateway's own requests in flight to it.
     */
    private static double score(int pending, ModelReport status) {
        double kv = status.kv().known() ? status.kv().usage() : 0;
        int running = status.sequencesRunning() == null ? 0 : status.sequencesRunning();
        int waiting = status.sequencesWaiting() == null ? 0 : status.sequencesWaiting();
        return kv + 0.02 * (running + 2 * waiting + pending);
    }

    /** The requests in flight on {@code nodeId}, all models together. */
    int inFlight(String nodeId) {
        int sum = 0;
        for (Map<String, AtomicInteger> byNode : inFlight.values()) {
            AtomicInteger slots = byNode.get(nodeId);
            sum += slots == null ? 0 : slots.get();
        }
        return sum;
    }

    /** The slots of {@code model} on {@code nodeId}: a lookup in two maps, no key made per call. */
    AtomicInteger inFlight(String model, String nodeId) {
        Map<String, AtomicInteger> byNode = inFlight.get(model);
        if (byNode == null) {
            byNode = inFlight.computeIfAbsent(model, m -> new ConcurrentHashMap<>());
        }
        AtomicInteger slots = byNode.get(nodeId);
        return slots != null ? slots : byNode.computeIfAbsent(nodeId, n -> new AtomicInteger());
    }

    /** Models served by some node that is up and serving. */
    /**
     * Whether some node serves {@code model} or did since the agent started (in any state): a model
     * outside that set does not exist in this cluster, which is not the same as having no capacity.
     */
    boolean knows(String model) {
        if (everServed.contains(model)) {
            return true;
        }
        for (NodeView node : nodes.get()) {
            if (node.status() != null) {
                node.status().models().forEach(m -> everServed.add(m.model()));
            }
        }
        return everServed.contains(model);
    }

    Set<String> models() {
        Set<String> models = new java.util.TreeSet<>();
        for (NodeView node : nodes.get()) {
            if (node.health() == NodeHealth.UP && node.status() != null && node.status().state() == NodeState.SERVING) {
                node.status().models().forEach(m -> models.add(m.model()));
            }
        }
        return models;
    }
}
