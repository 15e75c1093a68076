package dev.firebreak.agent.api;

import java.util.List;

/** The recent history of one model on one node, for charts: one point a second, oldest first. */
public record Series(String node, String model, List<ModelSample> points) {
}
