package dev.firebreak.agent.gateway;

import dev.firebreak.node.http.ClientWatch;
import dev.firebreak.node.http.Exchange;
import okhttp3.Call;
import okhttp3.Response;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The upstream call made for one gateway client, cancelled the moment that client goes away, so
 * the node sees its own client leave and frees the sequence's KV blocks.
 */
final class InFlight {

    private final AtomicReference<Call> call = new AtomicReference<>();
    private final ClientWatch client;
    private volatile long tokens;

    InFlight(Exchange exchange) {
        this.client = exchange.watchClient(this::cancel);
    }

    /** Runs {@code next} as the call in flight (each attempt on another node replaces the last). */
    Response execute(Call next) throws IOException {
        call.set(next);
        if (client.gone()) {
            next.cancel();
        }
        return next.execute();
    }

    /** The answer used {@code total} tokens, as its usage said. */
    void used(long total) {
        tokens = total;
    }

    /** Tokens of the answer relayed, 0 when none was or it gave no usage. */
    long tokens() {
        return tokens;
    }

    boolean clientGone() {
        return client.gone();
    }

    private void cancel() {
        Call current = call.get();
        if (current != null) {
            current.cancel();
        }
    }
}
