package dev.firebreak.lab.loadgen;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a load run sends, and its bounds.
 *
 * @param baseUrl any OpenAI-compatible server: the agent's gateway or a node ({@code http://host:port}, with or without {@code /v1})
 * @param rates requests per second per model at the start (Poisson arrivals); changeable while running
 * @param duration stop sending after this long; {@code null} to run until closed
 * @param maxRequests stop sending after this many requests in all; 0 for no limit
 * @param maxInFlight requests outstanding at once; an arrival beyond it fails at once as {@code client_overflow}
 * @param requestTimeout a request not finished within this counts as an error ({@code timeout})
 * @param seed seeds arrivals and the request mix, so two runs send the same sequence
 * @param listener told of every result as it completes (on the request's thread), or {@code null}
 * @param apiKey the client API key sent as {@code Authorization: Bearer}, or {@code null} for none (a node, an open gateway)
 */
public record LoadOptions(String baseUrl, Map<String, Double> rates, WorkloadMix mix, Duration duration, long maxRequests,
                          int maxInFlight, Duration requestTimeout, long seed, Consumer<RequestResult> listener,
                          String apiKey) {

    public LoadOptions {
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("the target must be an http(s) URL, got " + baseUrl);
        }
        rates = Map.copyOf(new LinkedHashMap<>(rates));
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("give a rate for at least one model");
        }
        rates.forEach(LoadOptions::checkRate);
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (maxRequests < 0) {
            throw new IllegalArgumentException("maxRequests must be 0 (no limit) or more, got " + maxRequests);
        }
        if (maxInFlight < 1 || maxInFlight > 10_000) {
            throw new IllegalArgumentException("maxInFlight must be 1-10000, got " + maxInFlight);
        }
        if (requestTimeout == null || requestTimeout.toMillis() < 10) {
            throw new IllegalArgumentException("requestTimeout must be at least 10 ms, got " + requestTimeout);
        }
        if (mix == null) {
            mix = WorkloadMix.defaults();
        }
    }

    /** Defaults for {@code rates} against {@code baseUrl}: runs until closed, 256 in flight, 30 s timeout, seed 1. */
    public static LoadOptions of(String baseUrl, Map<String, Double> rates) {
        return new LoadOptions(baseUrl, rates, WorkloadMix.defaults(), null, 0, 256, Duration.ofSeconds(30), 1, null, null);
    }

    public LoadOptions withDuration(Duration value) {
        return new LoadOptions(baseUrl, rates, mix, value, maxRequests, maxInFlight, requestTimeout, seed, listener, apiKey);
    }

    public LoadOptions withMaxRequests(long value) {
        return new LoadOptions(baseUrl, rates, mix, duration, value, maxInFlight, requestTimeout, seed, listener, apiKey);
    }

    public LoadOptions withMaxInFlight(int value) {
        return new LoadOptions(baseUrl, rates, mix, duration, maxRequests, value, requestTimeout, seed, listener, apiKey);
    }

    public LoadOptions withRequestTimeout(Duration value) {
        return new LoadOptions(baseUrl, rates, mix, duration, maxRequests, maxInFlight, value, seed, listener, apiKey);
    }

    public LoadOptions withMix(WorkloadMix value) {
        return new LoadOptions(baseUrl, rates, value, duration, maxRequests, maxInFlight, requestTimeout, seed, listener, apiKey);
    }

    public LoadOptions withSeed(long value) {
        return new LoadOptions(baseUrl, rates, mix, duration, maxRequests, maxInFlight, requestTimeout, value, listener, apiKey);
    }

    public LoadOptions withListener(Consumer<RequestResult> value) {
        return new LoadOptions(baseUrl, rates, mix, duration, maxRequests, maxInFlight, requestTimeout, seed, value, apiKey);
    }

    public LoadOptions withApiKey(String value) {
        return new LoadOptions(baseUrl, rates, mix, duration, maxRequests, maxInFlight, requestTimeout, seed, listener, value);
    }

    static void checkRate(String model, Double rps) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a rate needs a model name");
        }
        if (rps == null || !(rps >= 0 && rps <= 10_000)) {
            throw new IllegalArgumentException("rate for " + model + " must be 0-10000 requests/s, got " + rps);
        }
    }
}
