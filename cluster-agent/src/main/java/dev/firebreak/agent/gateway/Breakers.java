package dev.firebreak.agent.gateway;

import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerTransition;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One Resilience4j circuit breaker per (model, node), fed by the gateway's calls: failures
 * (errors, refused connections, cut streams) and slow calls open it; after a pause a few trial
 * calls decide whether it closes again.
 */
public final class Breakers {

    private static final System.Logger LOG = System.getLogger(Breakers.class.getName());

    private record Key(String model, String node) {
    }

    private final CircuitBreakerConfig config;
    private final Map<Key, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Consumer<BreakerTransition> events;

    /**
     * @param events receives every change of state, for the agent's event stream
     */
    public Breakers(BreakerConfig settings, Consumer<BreakerTransition> events) {
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .slowCallDurationThreshold(Duration.ofMillis(settings.slowCallDurationThresholdMillis()))
                .slowCallRateThreshold(settings.slowCallRateThreshold())
                .waitDurationInOpenState(Duration.ofMillis(settings.waitDurationInOpenStateMillis()))
                .permittedNumberOfCallsInHalfOpenState(settings.permittedNumberOfCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        this.events = events;
    }

    public CircuitBreaker of(String model, String node) {
        return breakers.computeIfAbsent(new Key(model, node), key -> {
            CircuitBreaker breaker = CircuitBreaker.of(key.model() + "@" + key.node(), config);
            breaker.getEventPublisher().onStateTransition(e -> {
                BreakerTransition change = new BreakerTransition(key.model(), key.node(),
                        e.getStateTransition().getFromState(), e.getStateTransition().getToState(),
                        breaker.getMetrics().getFailureRate());
                LOG.log(System.Logger.Level.WARNING, "model={0} node={1} {2}", key.model(), key.node(), change.describe());
                events.accept(change);
            });
            return breaker;
        });
    }

    /** True when the breaker would let a call through now (it is not open). */
    public boolean admits(String model, String node) {
        return switch (of(model, node).getState()) {
            case OPEN, FORCED_OPEN -> false;
            default -> true;
        };
    }

    public List<BreakerView> views() {
        return breakers.entrySet().stream()
                .map(e -> new BreakerView(e.getKey().model(), e.getKey().node(), BreakerState.valueOf(e.getValue().getState().name()),
                        e.getValue().getMetrics().getFailureRate(), e.getValue().getMetrics().getNumberOfBufferedCalls()))
                .sorted(Comparator.comparing(BreakerView::model).thenComparing(BreakerView::nodeId))
                .toList();
    }
}
