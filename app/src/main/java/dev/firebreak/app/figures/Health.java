package dev.firebreak.app.figures;

/** The one colour a tile or row gets: only trouble is coloured. */
public enum Health {
    /** Serving normally: no colour. */
    HEALTHY,
    /** Serving, but something needs a look: an alert, errors, a crowded KV cache, a node out. */
    DEGRADED,
    /** A breaker is open: the gateway keeps traffic away from part of it. */
    OPEN,
    /** Not serving at all. */
    DOWN;

    /** The worse of the two. */
    public Health worst(Health other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** The CSS class for this health. */
    public String styleClass() {
        return "health-" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
