package dev.firebreak.agent.slo;

/** The windows burn rates are read over, as the Google SRE workbook's multiwindow alerts pair them. */
public enum BurnWindow {
    FIVE_MINUTES("5m", 5 * 60_000L),
    THIRTY_MINUTES("30m", 30 * 60_000L),
    ONE_HOUR("1h", 3_600_000L),
    SIX_HOURS("6h", 6 * 3_600_000L),
    THREE_DAYS("3d", 3 * 86_400_000L);

    public final String label;
    public final long millis;

    BurnWindow(String label, long millis) {
        this.label = label;
        this.millis = millis;
    }
}
