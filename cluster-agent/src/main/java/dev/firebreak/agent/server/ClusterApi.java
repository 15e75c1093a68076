package dev.firebreak.agent.server;

import dev.firebreak.agent.access.Access;
import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.stream.EventHub;
import dev.firebreak.agent.stream.StreamEvent;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.Series;
import dev.firebreak.agent.history.History;
import dev.firebreak.node.http.ClientWatch;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The console's read API: the cluster snapshot and the live event stream. */
public final class ClusterApi {

    private static final long KEEPALIVE_SECONDS = 10;

    private final Supplier<ClusterSnapshot> snapshots;
    private final EventHub hub;
    private final Access access;

    private final History history;

    public ClusterApi(Supplier<ClusterSnapshot> snapshots, History history, EventHub hub, Access access) {
        this.snapshots = snapshots;
        this.history = history;
        this.hub = hub;
        this.access = access;
    }

    /**
     * {@code GET /ready}: the gateway takes traffic, what a load balancer in front of replicas checks.
     * A state store outage leaves it ready: routing goes on with the overrides known last.
     */
    void ready(Exchange exchange) throws IOException {
        exchange.json(200, java.util.Map.of("status", "READY"));
    }

    /** {@code GET /api/v1/whoami}: the name and role of the caller's token, so a console knows what it may do. */
    void whoami(Exchange exchange) throws IOException {
        Principal principal = access.require(exchange, Role.VIEWER);
        exchange.json(200, principal);
    }

    void cluster(Exchange exchange) throws IOException {
        access.require(exchange, Role.VIEWER);
        exchange.json(200, snapshots.get());
    }

    /**
     * {@code GET /api/v1/series?node=&model=&seconds=}: recent history for charts, one point a
     * second; without node or model, every series.
     */
    void series(Exchange exchange) throws IOException {
        access.require(exchange, Role.VIEWER);
        Optional<String> node = exchange.queryParam("node");
        Optional<String> model = exchange.queryParam("model");
        int seconds = exchange.queryParam("seconds").map(ClusterApi::seconds).orElse(300);
        List<Series> series = history.keys().stream()
                .filter(k -> node.map(k.node()::equals).orElse(true) && model.map(k.model()::equals).orElse(true))
                .map(k -> new Series(k.node(), k.model(), history.recent(k, seconds))).toList();
        exchange.json(200, series);
    }

    private static int seconds(String text) {
        try {
            int seconds = Integer.parseInt(text);
            if (seconds >= 1 && seconds <= History.RETAINED_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw HttpError.badRequest("invalid_seconds", "seconds must be 1-" + History.RETAINED_SECONDS + ", got '" + text + "'");
    }

    /**
     * Server-sent events: a snapshot each second and events as they happen, each with an id.
     * A client that sends {@code Last-Event-ID} gets every event after it first, if still retained.
     */
    void stream(Exchange exchange) throws IOException {
        access.require(exchange, Role.VIEWER);
        Long lastEventId = lastEventId(exchange);
        exchange.setHeader("X-Accel-Buffering", "no");
        try (EventHub.Subscription subscription = hub.subscribe(lastEventId);
             OutputStream out = exchange.stream(200, "text/event-stream; charset=utf-8")) {
            // A console that goes away is let go at once, not at the next keep-alive.
            ClientWatch console = exchange.watchClient(subscription::close);
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!console.gone()) {
                StreamEvent event = subscription.next(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                String text = event == null ? ": keepalive\n\n" : event.toSse();
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // Fell too far behind: close; the client reconnects and resumes from its last id.
        }
    }

    private static Long lastEventId(Exchange exchange) {
        String header = exchange.header("Last-Event-ID");
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("invalid_last_event_id", "Last-Event-ID must be a number, got '" + header + "'");
        }
    }
}
