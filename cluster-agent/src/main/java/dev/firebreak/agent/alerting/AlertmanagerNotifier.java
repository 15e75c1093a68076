package dev.firebreak.agent.alerting;

import dev.firebreak.agent.metrics.AgentMetrics;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts the agent's open problems (its live incidents) to Alertmanager's v2 API ({@code POST /api/v2/alerts}) as
 * Alertmanager expects from a client: each open alert again every resend interval with an
 * {@code endsAt} a few intervals ahead (so an agent that dies has its alerts resolve by themselves,
 * well before Alertmanager's own resolve_timeout), and once more with {@code endsAt} now when the
 * problem ends. Updates go into a small bounded queue that one sender thread drains: a slow,
 * refusing or absent Alertmanager never holds up the caller, a full queue drops the batch (counted),
 * and a failed post is counted, logged at most once a minute per Alertmanager, and not retried
 * (the next resend carries the same state).
 */
public final class AlertmanagerNotifier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AlertmanagerNotifier.class.getName());
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int QUEUE_BATCHES = 16;
    private static final long LOG_EVERY_MILLIS = 60_000;
    /** How many resend intervals ahead an open alert's endsAt lies. */
    private static final int ENDS_AFTER_RESENDS = 4;

    private record Sent(OpenProblem problem, long atMillis) {
    }

    private final List<String> alertmanagers;
    private final long resendMillis;
    private final String generatorUrl;
    private final InstantSource clock;
    private final AgentMetrics metrics;
    private final OkHttpClient http;
    private final Map<String, Sent> open = new HashMap<>();
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final Thread sender;

    /**
     * @param alertmanagers base URLs, each Alertmanager of a cluster (they gossip, but each wants every alert)
     * @param generatorUrl where an alert links back to: the agent's incidents
     */
    public AlertmanagerNotifier(List<String> alertmanagers, Duration resend, Duration timeout, String generatorUrl,
                                InstantSource clock, AgentMetrics metrics, OkHttpClient base) {
        this.alertmanagers = List.copyOf(alertmanagers);
        this.resendMillis = resend.toMillis();
        this.generatorUrl = generatorUrl;
        this.clock = clock;
        this.metrics = metrics;
        this.http = base.newBuilder().callTimeout(timeout).retryOnConnectionFailure(false).build();
        this.sender = Thread.ofVirtual().name("alertmanager-sender").start(this::drain);
    }

    /** Called with every problem open now (every second): new ones, due resends and ended ones are queued in one batch. */
    public synchronized void update(List<OpenProblem> openNow) {
        long now = clock.millis();
        List<Map<String, Object>> batch = new ArrayList<>();
        Map<String, OpenProblem> current = new LinkedHashMap<>();
        openNow.forEach(p -> current.put(p.key(), p));
        for (OpenProblem p : current.values()) {
            Sent sent = open.get(p.key());
            boolean relabelled = sent != null && !sent.problem().labels().equals(p.labels());
            if (relabelled) {
                // Alertmanager knows an alert by its labels: a problem that rose to critical or took in
                // another model is a new alert there, and the old one must not linger until it times out.
                batch.add(alert(sent.problem(), now));
            }
            if (sent == null || relabelled || now - sent.atMillis() >= resendMillis) {
                batch.add(alert(p, now + ENDS_AFTER_RESENDS * resendMillis));
                open.put(p.key(), new Sent(p, now));
            }
        }
        for (Iterator<Map.Entry<String, Sent>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Sent> e = it.next();
            if (!current.containsKey(e.getKey())) {
                batch.add(alert(e.getValue().problem(), now));
                it.remove();
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (!queue.offer(Json.mapper().writeValueAsBytes(batch))) {
                metrics.alertBatchDropped();
                logAtMostOncePerMinute("queue", "alerts to Alertmanager dropped: " + QUEUE_BATCHES
                        + " batches already wait for a slow or absent Alertmanager");
            }
        } catch (IOException e) {
            throw new IllegalStateException("alerts did not serialize", e);
        }
    }

    private Map<String, Object> alert(OpenProblem p, long endsAtMillis) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", p.labels());
        alert.put("annotations", Map.of("summary", p.summary(), "evidence", p.evidence()));
        alert.put("startsAt", Instant.ofEpochMilli(p.startMillis()).toString());
        alert.put("endsAt", Instant.ofEpochMilli(Math.max(endsAtMillis, p.startMillis())).toString());
        alert.put("generatorURL", generatorUrl);
        return alert;
    }

    private void drain() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] batch = queue.take();
                for (String url : alertmanagers) {
                    post(url, batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void post(String alertmanager, byte[] batch) {
        Request request = new Request.Builder().url(alertmanager + "/api/v2/alerts").post(RequestBody.create(batch, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.isSuccessful()) {
                metrics.alertmanagerPost("sent");
            } else {
                metrics.alertmanagerPost("refused");
                String body = response.body().string();
                logAtMostOncePerMinute(alertmanager, "alertmanager=" + alertmanager + " refused alerts: HTTP " + response.code()
                        + " " + body.substring(0, Math.min(200, body.length())).strip());
            }
        } catch (IOException e) {
            metrics.alertmanagerPost("failed");
            logAtMostOncePerMinute(alertmanager, "alertmanager=" + alertmanager + " unreachable: " + e);
        }
    }

    private void logAtMostOncePerMinute(String about, String message) {
        long now = clock.millis();
        Long last = lastLogged.get(about);
        if (last == null || now - last >= LOG_EVERY_MILLIS) {
            lastLogged.put(about, now);
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    @Override
    public void close() {
        sender.interrupt();
        http.dispatcher().cancelAll();
    }
}
