package dev.firebreak.app.slo;

/**
 * How much of an error budget is left, as the SLO view colours it: the thresholds live here and
 * nowhere else.
 */
public enum BudgetLevel {
    /** Half or more left. */
    HEALTHY,
    /** Amber: under {@link #LOW_BELOW} left. */
    LOW,
    /** Red: under {@link #CRITICAL_BELOW} left, or overspent. */
    CRITICAL,
    /** No traffic in the window: no budget figure at all (never shown as full). */
    NO_DATA;

    /** Amber under half the budget left. */
    public static final double LOW_BELOW = 0.5;
    /** Red under a fifth left: at the window's average pace it is gone within days. */
    public static final double CRITICAL_BELOW = 0.2;

    /** The level of {@code left} (the share of the budget left, below 0 overspent; {@code null} without data). */
    public static BudgetLevel of(Double left) {
        if (left == null) {
            return NO_DATA;
        }
        return left < CRITICAL_BELOW ? CRITICAL : left < LOW_BELOW ? LOW : HEALTHY;
    }

    /** The CSS class the bar takes, or {@code null} for the theme's own colour. */
    public String styleClass() {
        return switch (this) {
            case HEALTHY, NO_DATA -> null;
            case LOW -> "budget-low";
            case CRITICAL -> "budget-critical";
        };
    }
}
