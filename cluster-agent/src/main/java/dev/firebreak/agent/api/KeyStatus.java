package dev.firebreak.agent.api;

/**
 * One client API key with what this agent replica's gateway saw of it since the replica started.
 *
 * @param requests    requests admitted
 * @param tokens      prompt and completion tokens of their answers, as the nodes reported them
 * @param rateLimited requests refused with 429 {@code rate_limit_exceeded} (any of its limits)
 * @param inFlight    requests in flight now
 */
public record KeyStatus(ApiKeyView key, long requests, long tokens, long rateLimited, int inFlight) {
}
