package dev.firebreak.agent.engines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.node.http.Json;

import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The models an OpenAI-compatible server lists at {@code GET /v1/models}: the names the gateway
 * routes by. An engine with other figures to scrape is asked again every {@value #REFRESH_MILLIS} ms,
 * since it rarely changes them.
 */
final class ModelList {

    static final long REFRESH_MILLIS = 5_000;

    private final InstantSource clock;
    private final long refreshMillis;
    private List<String> models;
    private long readAtMillis;

    /** @param refreshMillis how long a listing is used before it is read again; 0 reads it on every scrape */
    ModelList(InstantSource clock, long refreshMillis) {
        this.clock = clock;
        this.refreshMillis = refreshMillis;
    }

    /** The served models; names an agent cannot route or show safely are left out, with a finding. */
    synchronized List<String> read(EngineHttp http, List<String> findings) throws ScrapeFailure {
        long now = clock.millis();
        if (models != null && now - readAtMillis < refreshMillis) {
            return models;
        }
        EngineHttp.Answer answer = http.get("/v1/models");
        if (!answer.ok()) {
            throw new ScrapeFailure("/v1/models answered HTTP " + answer.code());
        }
        if (answer.html()) {
            throw new ScrapeFailure("/v1/models answered an HTML page, not an OpenAI model list");
        }
        JsonNode data;
        try {
            data = Json.mapper().readTree(answer.body()).path("data");
        } catch (IOException e) {
            throw new ScrapeFailure("/v1/models answered something that is not JSON");
        }
        if (!data.isArray()) {
            throw new ScrapeFailure("/v1/models answered JSON without a data list of models");
        }
        List<String> found = new ArrayList<>();
        for (JsonNode entry : data) {
            String id = entry.path("id").asText("");
            String problem = problem(id);
            if (problem != null) {
                findings.add("/v1/models lists a model " + problem + ": left out");
            } else if (!found.contains(id)) {
                found.add(id);
            }
        }
        models = List.copyOf(found);
        readAtMillis = now;
        return models;
    }

    /** Why {@code name} is no model name the agent takes, or {@code null} when it is one. */
    static String problem(String name) {
        if (name.isBlank()) {
            return "without an id";
        }
        if (name.length() > 256) {
            return "with an id of " + name.length() + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '"' || c == '\\') {
                return "whose id '" + name.replaceAll("\\p{Cntrl}", "?") + "' holds a quote, backslash or control character";
            }
        }
        return null;
    }
}
