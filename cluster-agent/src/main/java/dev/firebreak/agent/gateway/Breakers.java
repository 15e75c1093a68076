package dev.firebreak.agent.gateway;

import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerTransition;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One Resilience4j circuit breaker per (model, node), fed by the gateway's calls: failures
 * (errors, refused connections, cut streams) and slow calls open it; after a pause a few trial
 * calls decide whether it closes again. Detectors hold a breaker open instead: while their
 * finding is in force and for a quiet period after it cleared, with no timed half-open in between.
 */
public final class Breakers {

    private static final System.Logger LOG = System.getLogger(Breakers.class.getName());

    /** How long one arming of Resilience4j's open state lasts under a hold; a hold re-arms it well before. */
    private static final Duration HELD_OPEN = Duration.ofDays(1);
    private static final long REARM_MILLIS = Duration.ofHours(12).toMillis();

    private record Key(String model, String node) {
    }

    private final BreakerConfig settings;
    private final CircuitBreakerConfig config;
    private final InstantSource clock;
    /** One key per (model, node), made once: the gateway looks its breaker up for every candidate of every request. */
    private final Map<String, Map<String, Key>> keys = new ConcurrentHashMap<>();
    private final Map<Key, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<Key, DetectorHold> holds = new ConcurrentHashMap<>();
    private final Map<Key, Long> armedAt = new ConcurrentHashMap<>();
    /** Why each breaker is in its state now, for the views; set with every change. */
    private final Map<Key, String> reasons = new ConcurrentHashMap<>();
    /** The reason the next change of a breaker gives, when this class makes that change. */
    private final Map<Key, String> announced = new ConcurrentHashMap<>();
    private final Consumer<BreakerTransition> events;

    /** Breakers on the system clock. */
    public Breakers(BreakerConfig settings, Consumer<BreakerTransition> events) {
        this(settings, InstantSource.system(), events);
    }

    /**
     * @param clock times the quiet period of held breakers and Resilience4j's own wait in the open state
     * @param events receives every change of state, for the agent's event stream
     */
    public Breakers(BreakerConfig settings, InstantSource clock, Consumer<BreakerTransition> events) {
        this.settings = settings;
        this.clock = clock;
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
                .clock(clock.withZone(ZoneOffset.UTC))
                .build();
        this.events = events;
    }

    private Key key(String model, String node) {
        Map<String, Key> byNode = keys.get(model);
        if (byNode == null) {
            byNode = keys.computeIfAbsent(model, m -> new ConcurrentHashMap<>());
        }
        Key key = byNode.get(node);
        return key != null ? key : byNode.computeIfAbsent(node, n -> new Key(model, n));
    }

    public CircuitBreaker of(String model, String node) {
        Key key = key(model, node);
        CircuitBreaker known = breakers.get(key);
        return known != null ? known : breakers.computeIfAbsent(key, k -> {
            CircuitBreaker breaker = CircuitBreaker.of(k.model() + "@" + k.node(), config);
            breaker.getEventPublisher().onStateTransition(e -> changed(k, breaker,
                    e.getStateTransition().getFromState(), e.getStateTransition().getToState()));
            return breaker;
        });
    }

    private void changed(Key key, CircuitBreaker breaker, CircuitBreaker.State from, CircuitBreaker.State to) {
        if (from == to) {
            return; // a hold re-arming the open state: nothing changed for the gateway
        }
        if (to == CircuitBreaker.State.FORCED_OPEN || to == CircuitBreaker.State.DISABLED
                || to == CircuitBreaker.State.METRICS_ONLY) {
            holds.remove(key); // an operator's decision outranks the detectors'
        }
        String given = announced.remove(key);
        String reason = given != null ? given : ownReason(breaker, from, to);
        reasons.put(key, reason);
        BreakerTransition change = new BreakerTransition(key.model(), key.node(), from, to,
                breaker.getMetrics().getFailureRate(), reason);
        LOG.log(System.Logger.Level.WARNING, "model={0} node={1} {2}", key.model(), key.node(), change.describe());
        events.accept(change);
    }

    /** Why Resilience4j or an operator moved a breaker, from its figures. */
    private String ownReason(CircuitBreaker breaker, CircuitBreaker.State from, CircuitBreaker.State to) {
        CircuitBreaker.Metrics m = breaker.getMetrics();
        return switch (to) {
            case OPEN -> {
                String calls = from == CircuitBreaker.State.HALF_OPEN ? "trial calls" : "calls";
                if (m.getFailureRate() >= settings.failureRateThreshold()) {
                    yield String.format(Locale.ROOT, "%d of the last %d %s failed (%.0f%%; it opens at %.0f%%)",
                            m.getNumberOfFailedCalls(), m.getNumberOfBufferedCalls(), calls, m.getFailureRate(),
                            settings.failureRateThreshold());
                }
                yield String.format(Locale.ROOT, "%d of the last %d %s took over %d ms (%.0f%%; it opens at %.0f%%)",
                        m.getNumberOfSlowCalls(), m.getNumberOfBufferedCalls(), calls, settings.slowCallDurationThresholdMillis(),
                        m.getSlowCallRate(), settings.slowCallRateThreshold());
            }
            case HALF_OPEN -> "open for " + settings.waitDurationInOpenStateMillis() / 1000 + " s; "
                    + settings.permittedNumberOfCallsInHalfOpenState() + " trial calls decide whether it closes";
            case CLOSED -> from == CircuitBreaker.State.HALF_OPEN ? "trial calls succeeded" : "reset by an operator";
            case FORCED_OPEN -> "forced open by an operator";
            case DISABLED, METRICS_ONLY -> "disabled by an operator: calls go through whatever happens";
        };
    }

    /**
     * A detector's finding of {@code kind} is in force on this model and node: the breaker opens (if
     * it lets calls through) and stays open, whatever its trial calls would say, until the finding
     * has cleared and the quiet period passed. A breaker an operator forced or disabled is left alone.
     *
     * @param reason the finding in an operator's words, given as the breaker's reason
     */
    public void hold(String model, String node, String kind, String reason) {
        Key key = key(model, node);
        CircuitBreaker breaker = of(model, node);
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.FORCED_OPEN || state == CircuitBreaker.State.DISABLED
                || state == CircuitBreaker.State.METRICS_ONLY) {
            return;
        }
        DetectorHold hold = holds.compute(key, (k, held) -> {
            if (held == null) {
                return new DetectorHold(kind, reason);
            }
            held.raise(kind, reason);
            return held;
        });
        long now = clock.millis();
        reasons.put(key, hold.reason(now));
        if (state != CircuitBreaker.State.OPEN) {
            announced.put(key, reason);
            breaker.transitionToOpenStateFor(HELD_OPEN);
            armedAt.put(key, now);
        } else if (now - armedAt.getOrDefault(key, Long.MIN_VALUE / 2) >= REARM_MILLIS) {
            // Opened by its own calls (timed to go half-open soon), or armed long ago: hold it open from now.
            breaker.transitionToOpenStateFor(HELD_OPEN);
            armedAt.put(key, now);
        }
    }

    /** The finding of {@code kind} on this model and node cleared: the quiet period starts once no finding holds it. */
    public void clear(String model, String node, String kind) {
        DetectorHold hold = holds.get(key(model, node));
        if (hold != null) {
            hold.clear(kind, clock.millis());
        }
    }

    /** Lets the breakers whose holds have been quiet for the quiet period go half-open, for trial calls to decide. */
    public void releaseQuiet() {
        long now = clock.millis();
        for (Map.Entry<Key, DetectorHold> e : holds.entrySet()) {
            DetectorHold hold = e.getValue();
            if (hold.spent(now, settings.quietPeriodMillis()) && holds.remove(e.getKey(), hold)) {
                Key key = e.getKey();
                armedAt.remove(key);
                CircuitBreaker breaker = of(key.model(), key.node());
                if (breaker.getState() == CircuitBreaker.State.OPEN) {
                    announced.put(key, hold.reason(now).replace("waiting out the quiet period", "quiet period over")
                            + "; " + settings.permittedNumberOfCallsInHalfOpenState() + " trial calls decide whether it closes");
                    breaker.transitionToHalfOpenState();
                }
            }
        }
    }

    /** True when the breaker would let a call through now: it is not open, and no detector holds it. */
    public boolean admits(String model, String node) {
        return switch (of(model, node).getState()) {
            case OPEN, FORCED_OPEN -> false;
            case DISABLED, METRICS_ONLY -> true;
            case CLOSED, HALF_OPEN -> !holds.containsKey(key(model, node));
        };
    }

    public List<BreakerView> views() {
        long now = clock.millis();
        return breakers.entrySet().stream()
                .map(e -> {
                    DetectorHold hold = holds.get(e.getKey());
                    CircuitBreaker.State state = e.getValue().getState();
                    String reason = hold != null ? hold.reason(now)
                            : state == CircuitBreaker.State.CLOSED ? null : reasons.get(e.getKey());
                    return new BreakerView(e.getKey().model(), e.getKey().node(), BreakerState.valueOf(state.name()),
                            e.getValue().getMetrics().getFailureRate(), e.getValue().getMetrics().getNumberOfBufferedCalls(),
                            reason);
                })
                .sorted(Comparator.comparing(BreakerView::model).thenComparing(BreakerView::nodeId))
                .toList();
    }
}
