package dev.firebreak.lab.gameday;

/** An agent event during a scenario, {@code atSeconds} after the traffic started. */
public record TimedEvent(double atSeconds, String type, String node, String message) {
}
