package dev.firebreak.agent.slo;

import dev.firebreak.agent.access.Access;
import dev.firebreak.agent.api.Role;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;

import java.io.IOException;

/** {@code GET /api/v1/slo}: every model's objectives, compliance, budget left and burn rates. */
public record SloApi(SloBook book, Access access) {

    private static final System.Logger LOG = System.getLogger(SloApi.class.getName());

    /** The longest span one history call may cover: a quarter. */
    static final long MAX_SPAN_MILLIS = 93L * 86_400_000;

    /** {@code GET /api/v1/slo/history?from=&to=&bucketMinutes=}: epoch millis, buckets of a minute or more (default a day). */
    public void history(Exchange exchange) throws IOException {
        access.require(exchange, Role.VIEWER);
        long from = millisParam(exchange, "from");
        long to = millisParam(exchange, "to");
        long bucket = exchange.queryParam("bucketMinutes").map(v -> parse("bucketMinutes", v)).orElse(1440L) * 60_000;
        if (to <= from || to - from > MAX_SPAN_MILLIS) {
            throw new HttpError(400, "invalid_request", "from must be before to, at most 93 days apart; got from=" + from + " to=" + to);
        }
        if (bucket < 60_000) {
            throw new HttpError(400, "invalid_request", "bucketMinutes must be 1 or more");
        }
        try {
            exchange.json(200, book.history(from, to, bucket));
        } catch (SloLog.SloLogException e) {
            throw unavailable("history", e);
        }
    }

    private static long millisParam(Exchange exchange, String name) {
        return parse(name, exchange.queryParam(name).orElseThrow(() -> new HttpError(400, "invalid_request",
                name + " is required (epoch milliseconds)")));
    }

    private static long parse(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "invalid_request", name + " '" + value + "' is not a whole number");
        }
    }

    public void report(Exchange exchange) throws IOException {
        access.require(exchange, Role.VIEWER);
        try {
            exchange.json(200, book.report());
        } catch (SloLog.SloLogException e) {
            throw unavailable("report", e);
        }
    }

    private static HttpError unavailable(String what, SloLog.SloLogException e) {
        LOG.log(System.Logger.Level.ERROR, "SLO " + what + " unavailable: {0}", e.getMessage());
        return new HttpError(503, "state_unavailable", "the SLO figures cannot be read from the state store: " + e.getMessage());
    }
}
