package dev.firebreak.agent.gateway;

import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.config.BreakerConfig;
import dev.firebreak.agent.overrides.Overrides;
import dev.firebreak.agent.testing.Nodes;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway's own decisions cost per request, apart from the HTTP around them: picking a
 * node (power of two choices over the nodes that serve the model), the breaker's permission and
 * its record of the outcome, and the retry budget. Run with JMH's GC profiler, whose
 * {@code gc.alloc.rate.norm} is the bytes allocated per request on each path.
 *
 * <p>{@code ./mvnw -pl cluster-agent -am -DskipTests -Pbench verify}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GatewayPathsBench {

    /** Nodes in the cluster, each serving every model. */
    @Param({"4", "64"})
    int nodes;

    private NodePicker picker;
    private Breakers breakers;
    private RetryBudget budget;
    private final String model = "model-2";

    @Setup
    public void setUp() {
        List<String> models = List.of("model-1", "model-2", "model-3", "model-4");
        List<NodeView> views = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            long kvUsed = 10 + i;
            views.add(Nodes.serving("node-" + i, "http://127.0.0.1:" + (9000 + i),
                    models.stream().map(m -> Nodes.model(m, kvUsed)).toList()));
        }
        List<NodeView> fleet = List.copyOf(views);
        breakers = new Breakers(BreakerConfig.defaults(), change -> { });
        // The operator's overrides as the gateway consults them: none in force, as on most requests.
        Overrides overrides = new Overrides();
        picker = new NodePicker(() -> fleet, breakers, 0.9, 1_000_000, overrides::excluded, overrides::weight);
        budget = new RetryBudget(0.2, InstantSource.system());
    }

    /** The node for one request, its slot taken and given back. */
    @Benchmark
    public Object pick() {
        Object choice = picker.pick(model, Set.of());
        if (choice instanceof NodePicker.Target target) {
            target.release();
        }
        return choice;
    }

    /** The breaker of the chosen (model, node): its permission, then a success recorded. */
    @Benchmark
    public boolean breaker() {
        CircuitBreaker breaker = breakers.of(model, "node-1");
        boolean permitted = breaker.tryAcquirePermission();
        breaker.onSuccess(1_000_000, TimeUnit.NANOSECONDS);
        return permitted;
    }

    /** The retry budget: one request counted, one retry asked for. */
    @Benchmark
    public boolean retryBudget() {
        budget.onRequest();
        return budget.tryRetry();
    }

    /** One request's decisions together, as the gateway takes them for a request that succeeds at once. */
    @Benchmark
    public Object route() {
        budget.onRequest();
        Object choice = picker.pick(model, Set.of());
        if (choice instanceof NodePicker.Target target) {
            CircuitBreaker breaker = breakers.of(model, target.nodeId());
            if (breaker.tryAcquirePermission()) {
                breaker.onSuccess(1_000_000, TimeUnit.NANOSECONDS);
            }
            target.release();
        }
        return choice;
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(GatewayPathsBench.class.getSimpleName())
                .addProfiler("gc").build()).run();
    }
}
