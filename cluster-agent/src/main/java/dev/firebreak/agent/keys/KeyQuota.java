package dev.firebreak.agent.keys;

import dev.firebreak.agent.api.ApiKeyView;
import dev.firebreak.agent.api.KeyStatus;
import dev.firebreak.node.http.HttpError;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The limits of one client key on this replica and what it used: requests and tokens per minute,
 * requests in flight. Over a limit the answer is 429 {@code rate_limit_exceeded} with the seconds
 * until it would pass in {@code Retry-After}; the gateway's own capacity shedding is another code
 * ({@code capacity_exhausted}), so a client can tell its quota from the cluster's load.
 */
final class KeyQuota {

    /** A key is over its tokens per minute while its bucket is in debt: it needs some allowance left, however little. */
    private static final double SOME = Double.MIN_VALUE;

    private final InstantSource clock;
    private volatile ApiKeyView key;
    private final MinuteBucket requestsBucket;
    private final MinuteBucket tokensBucket;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder tokens = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();

    KeyQuota(ApiKeyView key, InstantSource clock) {
        this.key = key;
        this.clock = clock;
        long now = clock.millis();
        this.requestsBucket = key.requestsPerMinute() == null ? null : new MinuteBucket(key.requestsPerMinute(), now);
        this.tokensBucket = key.tokensPerMinute() == null ? null : new MinuteBucket(key.tokensPerMinute(), now);
    }

    /** The key as the store now says (rotated: same limits, another prefix). */
    void update(ApiKeyView newer) {
        key = newer;
    }

    ApiKeyView key() {
        return key;
    }

    /**
     * Admits one request for {@code model} or throws.
     *
     * @throws HttpError 403 {@code model_not_allowed}, 429 {@code rate_limit_exceeded}
     */
    synchronized Lease admit(String model) {
        ApiKeyView k = key;
        if (!k.allows(model)) {
            throw new HttpError(403, "model_not_allowed", "the API key '" + k.name() + "' may not call the model '"
                    + model + "'; it may call " + k.models());
        }
        long now = clock.millis();
        if (k.maxConcurrent() != null && inFlight.get() >= k.maxConcurrent()) {
            throw limited(k.maxConcurrent() + " concurrent requests", 1000);
        }
        if (tokensBucket != null && !tokensBucket.has(SOME, now)) {
            throw limited(k.tokensPerMinute() + " tokens per minute", tokensBucket.millisUntil(SOME, now));
        }
        if (requestsBucket != null) {
            if (!requestsBucket.has(1, now)) {
                throw limited(k.requestsPerMinute() + " requests per minute", requestsBucket.millisUntil(1, now));
            }
            requestsBucket.spend(1, now);
        }
        inFlight.incrementAndGet();
        requests.increment();
        return new Lease(this);
    }

    private HttpError limited(String limit, long waitMillis) {
        rateLimited.increment();
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        return new HttpError(429, "rate_limit_exceeded", "the API key '" + key.name() + "' is over its limit of " + limit
                + "; retry in " + seconds + " s", Map.of("Retry-After", Long.toString(seconds)));
    }

    void done(long usedTokens) {
        inFlight.decrementAndGet();
        if (usedTokens > 0) {
            tokens.add(usedTokens);
            if (tokensBucket != null) {
                tokensBucket.spend(usedTokens, clock.millis());
            }
        }
    }

    KeyStatus status() {
        return new KeyStatus(key, requests.sum(), tokens.sum(), rateLimited.sum(), inFlight.get());
    }
}
