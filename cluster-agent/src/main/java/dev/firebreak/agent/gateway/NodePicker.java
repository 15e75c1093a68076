package dev.firebreak.agent.gateway;

import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.ModelReport;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.node.api.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
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

    /** A node for {@code model} not in {@code tried}, or why there is none. */
    Object pick(String model, Set<String> tried) {
        List<Candidate> eligible = new ArrayList<>();
        int serving = 0;
        int full = 0;
        int open = 0;
        int busy = 0;
        for (NodeView node : nodes.get()) {
            Optional<ModelReport> status = servingStatus(node, model);
            if (status.isEmpty() || tried.contains(node.id()) || excluded.test(model, node.id())) {
                continue;
            }
            serving++;
            if (status.get().kv().known() && status.get().kv().usage() >= kvThreshold) {
                full++;
            } else if (!breakers.admits(model, node.id())) {
                open++;
            } else if (inFlight(model, node.id()).get() >= maxPerNode) {
                busy++;
            } else {
                eligible.add(new Candidate(node, score(model, node.id(), status.get())));
            }
        }
        while (!eligible.isEmpty()) {
            Candidate chosen = draw(model, eligible, null);
            if (eligible.size() > 1) {
                Candidate other = draw(model, eligible, chosen);
                if (other.score() < chosen.score()) {
                    chosen = other;
                }
            }
            AtomicInteger slots = inFlight(model, chosen.node().id());
            if (slots.incrementAndGet() <= maxPerNode) {
                return new Target(chosen.node().id(), chosen.node().url(), slots);
            }
            // Another request took the last slot since the check above.
            slots.decrementAndGet();
            eligible.remove(chosen);
            busy++;
        }
        return new Refusal(serving == 0 ? "no node serves it now"
                : serving + " nodes serve it: " + full + " above " + Math.round(kvThreshold * 100) + "% KV, "
                + open + " with an open breaker, " + busy + " with " + maxPerNode + " of its requests in flight");
    }

    private record Candidate(NodeView node, double score) {
    }

    /** A random candidate other than {@code not}, in proportion to the weight an operator gave its node (1 by default). */
    private Candidate draw(String model, List<Candidate> candidates, Candidate not) {
        double total = 0;
        for (Candidate c : candidates) {
            total += c == not ? 0 : weight.applyAsDouble(model, c.node().id());
        }
        double r = ThreadLocalRandom.current().nextDouble() * total;
        Candidate last = null;
        for (Candidate c : candidates) {
            if (c == not) {
                continue;
            }
            last = c;
            r -= weight.applyAsDouble(model, c.node().id());
            if (r < 0) {
                return c;
            }
        }
        return last;
    }

    private static Optional<ModelReport> servingStatus(NodeView node, String model) {
        if (node.health() != NodeHealth.UP || node.status() == null || node.status().state() != NodeState.SERVING) {
            return Optional.empty();
        }
        return node.status().models().stream().filter(m -> m.model().equals(model) && m.admissionOpen()).findFirst();
    }

    /**
     * Lower is better: KV in use, plus queued and running work, plus what the gateway sent since the
     * last scrape. A figure the node's engine does not give adds nothing: such a node is weighed by
     * the gateway's own requests in flight to it.
     */
    private double score(String model, String nodeId, ModelReport status) {
        int pending = inFlight(model, nodeId).get();
        double kv = status.kv().known() ? status.kv().usage() : 0;
        int running = status.sequencesRunning() == null ? 0 : status.sequencesRunning();
        int waiting = status.sequencesWaiting() == null ? 0 : status.sequencesWaiting();
        return kv + 0.02 * (running + 2 * waiting + pending);
    }

    /** The requests in flight on {@code nodeId}, all models together. */
    int inFlight(String nodeId) {
        String suffix = "@" + nodeId;
        return inFlight.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).mapToInt(e -> e.getValue().get()).sum();
    }

    AtomicInteger inFlight(String model, String nodeId) {
        return inFlight.computeIfAbsent(model + "@" + nodeId, k -> new AtomicInteger());
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
