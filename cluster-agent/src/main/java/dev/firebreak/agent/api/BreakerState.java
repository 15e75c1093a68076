package dev.firebreak.agent.api;

/** The state of one circuit breaker, as Resilience4j names it. */
public enum BreakerState {
    /** Calls go through; failures are counted. */
    CLOSED,
    /** Tripped by failures or slow calls: no calls until the pause is over. */
    OPEN,
    /** After the pause: a few trial calls decide whether it closes or opens again. */
    HALF_OPEN,
    /** An operator tripped it: no calls until reset. */
    FORCED_OPEN,
    /** An operator switched it off: every call goes through, none is counted. */
    DISABLED,
    /** Counts calls but never opens. */
    METRICS_ONLY;

    /** True when the breaker keeps calls away from its node now. */
    public boolean blocksCalls() {
        return this == OPEN || this == FORCED_OPEN;
    }

    /** True when an operator set this state, so only an operator's reset ends it. */
    public boolean forced() {
        return this == FORCED_OPEN || this == DISABLED;
    }
}
