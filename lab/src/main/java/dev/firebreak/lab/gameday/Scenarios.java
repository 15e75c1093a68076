package dev.firebreak.lab.gameday;

import dev.firebreak.agent.config.GatewayConfig;
import dev.firebreak.lab.loadgen.WorkloadMix;
import dev.firebreak.lab.localcluster.NodeSetup;

import java.util.List;
import java.util.Map;

/**
 * The game day's scenarios, sized for a 2-core machine: tiny models, KV pools of a few MiB so a
 * leak fills one in seconds, about half a minute each. Three models on three nodes in a ring, each
 * model on two nodes, so a fault on node-1 hits tiny-chat and tiny-code and spares tiny-docs unless
 * it spreads.
 */
public final class Scenarios {

    public static final String CHAT = "tiny-chat";
    public static final String CODE = "tiny-code";
    public static final String DOCS = "tiny-docs";
    static final List<String> MODELS = List.of(CHAT, CODE, DOCS);
    static final List<List<String>> RING = List.of(List.of(CHAT, CODE), List.of(CODE, DOCS), List.of(DOCS, CHAT));
    /**
     * Completions only: the synthetic models answer chat requests with special tokens alone, which
     * decode to empty text, and the gateway's gray-failure detector counts empty answers.
     */
    static final WorkloadMix MIX = new WorkloadMix(16, 96, 32, 96, 0.5, 0.0);
    /** Requests per second per model before any scale factor. */
    static final double RATE = 2.2;
    static final String KV = "4MiB";
    /** Each node's compute cap: three nodes on this 2-core host take 1.5 cores, the rest is the agent's and the load's. */
    static final double CPUS = 0.5;

    // Timeline, seconds from the start of traffic.
    static final double SECONDS = 80;
    static final double BEFORE = 8;
    static final double FAULT = 26;
    static final double AFTER = 50;

    /**
     * The gateway as an operator would set it for these nodes: a deadline shorter than clients' patience, modest
     * per-model limits, and no more of a model's requests on one node than a capped node serves without queueing (3).
     */
    static final GatewayConfig GATEWAY = new GatewayConfig(0.9, 6, 0.1, 8_000L, 2.0, 3);

    private Scenarios() {
    }

    static Map<String, Double> rates(double rate) {
        return Map.of(CHAT, rate, CODE, rate, DOCS, rate);
    }

    private static NodeSetup ring() {
        return NodeSetup.defaults().withModelsPerNode(RING).withKv(KV, "shared").withGateway(GATEWAY, Map.of(), Map.of())
                .withCpus(CPUS);
    }

    private static Scenario ringScenario(String name, String title, Route route, String faultyNode, List<Step> steps) {
        return new Scenario(name, title, route, 3, MODELS, ring(), rates(RATE), MIX, SECONDS, BEFORE, FAULT, AFTER,
                faultyNode, steps);
    }

    /** Every scenario, in the order of the report. */
    public static List<Scenario> all() {
        // The dead node is started again as the fault phase ends, and warms up (10-20 s at half a core) before it takes
        // traffic; the after phase is long enough to see it back. Not sooner: its JIT threads are not held to its CPU
        // quota and would compete with the survivors on this one host, as they would not across machines.
        List<Step> outage = List.of(new Step(FAULT, new Fault.Leak("node-1", 4, null)), new Step(FAULT + 5, new Fault.Crash("node-1")),
                new Step(AFTER, new Fault.Restart("node-1")));
        List<Step> kill = List.of(new Step(FAULT, new Fault.Kill("node-1")), new Step(AFTER, new Fault.Restart("node-1")));
        List<Step> slow = List.of(new Step(FAULT, new Fault.Slow("node-1", 1500)), new Step(AFTER, new Fault.Heal("node-1")));
        List<Step> cut = List.of(new Step(FAULT, new Fault.Truncate("node-1", 0.5)), new Step(AFTER, new Fault.Heal("node-1")));
        List<Step> twice = List.of(new Step(FAULT, new Fault.Overload(2)), new Step(AFTER, new Fault.Overload(1)));
        List<Step> fiveTimes = List.of(new Step(FAULT, new Fault.Overload(5)), new Step(AFTER, new Fault.Overload(1)));
        return List.of(
                ringScenario("outage-naive", "The outage, protections off: node-1 leaks KV, then dies", Route.NAIVE, "node-1", outage),
                ringScenario("outage-firebreak", "The outage through Firebreak's gateway", Route.GATEWAY, "node-1", outage),
                isolation("isolation-shared", "One node, three models, one shared KV pool; tiny-chat leaks", "shared", false),
                isolation("isolation-quota", "One node, three models, a KV quota each; tiny-chat leaks", "quota", false),
                isolation("isolation-process", "A process per model; tiny-chat leaks", "shared", true),
                ringScenario("kill9-firebreak", "kill -9 of node-1 through the gateway", Route.GATEWAY, "node-1", kill),
                ringScenario("slow-firebreak", "node-1 slow (+1.5 s per request) through the gateway", Route.GATEWAY, "node-1", slow),
                ringScenario("truncate-naive", "node-1 cuts half its answers, protections off", Route.NAIVE, "node-1", cut),
                ringScenario("truncate-firebreak", "node-1 cuts half its answers, through the gateway", Route.GATEWAY, "node-1", cut),
                ringScenario("overload2x-firebreak", "2x load through the gateway", Route.GATEWAY, null, twice),
                ringScenario("overload5x-naive", "5x load, protections off", Route.NAIVE, null, fiveTimes),
                ringScenario("overload5x-firebreak", "5x load through the gateway", Route.GATEWAY, null, fiveTimes));
    }

    /**
     * One host serving all three models, reached by the naive balancer (a pass-through per model
     * here) so only the node's isolation is at work; the leak hits tiny-chat alone. The KV memory
     * is the same in total: 6 MiB shared, 2 MiB per model, or 2 MiB per process (room for the longest answer).
     */
    private static Scenario isolation(String name, String title, String pool, boolean processPerModel) {
        NodeSetup setup = NodeSetup.defaults().withModelsPerNode(List.of(MODELS))
                .withKv(processPerModel ? "2MiB" : "6MiB", pool).withProcessPerModel(processPerModel)
                .withGateway(GATEWAY, Map.of(), Map.of());
        String faulty = processPerModel ? "node-1-" + CHAT : "node-1";
        List<Step> leak = List.of(new Step(FAULT, new Fault.Leak(faulty, 4, CHAT)));
        return new Scenario(name, title, Route.NAIVE, 1, MODELS, setup, rates(RATE / 1.5), MIX, SECONDS, BEFORE, FAULT,
                AFTER, faulty, leak);
    }
}
