package dev.firebreak.agent.engines;

import java.util.List;
import java.util.Map;

/**
 * The metric names one engine documents for each figure the agent reads. A list holds the names
 * of the same figure across the engine's versions, newest first: the first one present is read.
 * {@code absent} gives, per figure field, why this engine never has it.
 *
 * @param modelLabel the label naming the model on every series, {@code null} for an engine serving one model unlabelled
 */
record MetricNames(String engine, String modelLabel, List<String> running, List<String> waiting, List<String> kvUsage,
                   List<String> preemptions, List<String> outcomes, String outcomeLabel, List<String> promptTokens,
                   List<String> generationTokens, List<String> timeToFirstToken, List<String> timePerOutputToken,
                   List<String> endToEnd, Map<String, String> absent) {

    /** The first of {@code names} present in the scrape, or {@code null}. */
    static String present(MetricReader reader, List<String> names, boolean histogram) {
        for (String name : names) {
            if (reader.has(histogram ? name + "_bucket" : name)) {
                return name;
            }
        }
        return null;
    }
}
