package dev.firebreak.lab.gameday;

/** A fault applied {@code atSeconds} after the traffic starts. */
public record Step(double atSeconds, Fault fault) {
}
