package dev.firebreak.app.actions;

import java.util.List;

/**
 * When an override ends by itself, as the confirmation offers it.
 *
 * @param seconds from now, or {@code null} for never (until cleared)
 */
public record Expiry(String label, Long seconds) {

    /** The choices, the default first. */
    public static final List<Expiry> CHOICES = List.of(new Expiry("No expiry (until cleared)", null),
            new Expiry("15 minutes", 900L), new Expiry("1 hour", 3600L), new Expiry("4 hours", 14_400L),
            new Expiry("24 hours", 86_400L));
}
