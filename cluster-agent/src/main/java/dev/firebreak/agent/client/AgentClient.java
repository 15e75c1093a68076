package dev.firebreak.agent.client;

import dev.firebreak.agent.api.Principal;
import dev.firebreak.agent.api.Series;
import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionResult;
import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.node.http.ApiError;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Talks to an agent's API: reads the cluster, acts, and opens its live stream. Given several
 * replicas of one agent, it talks to one and moves on to the next when that one cannot be reached
 * (refused, reset, silent); an action sent again after a failover carries the same idempotency key,
 * so the replicas, sharing their state, take it once. Used by the console and tests.
 */
public final class AgentClient implements AutoCloseable {

    private final Replicas replicas;
    private final String token;
    private final OkHttpClient http;

    public AgentClient(String baseUrl, String token) {
        this(new Replicas(List.of(baseUrl)), token);
    }

    public AgentClient(Replicas replicas, String token) {
        this.replicas = replicas;
        this.token = token;
        this.http = HttpClients.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** The replica this client talks to now. */
    public String baseUrl() {
        return replicas.current();
    }

    public Replicas replicas() {
        return replicas;
    }

    /** {@code GET /api/v1/cluster}. */
    public ClusterSnapshot cluster() throws IOException {
        return get("/api/v1/cluster", ClusterSnapshot.class);
    }

    /** {@code GET /api/v1/whoami}: who this client's token belongs to, and its role. */
    public Principal whoami() throws IOException {
        return get("/api/v1/whoami", Principal.class);
    }

    /** {@code POST /api/v1/actions}: applies an action and returns its result with the audit id. */
    public ActionResult act(ActionRequest action) throws IOException {
        byte[] json = Json.mapper().writeValueAsBytes(action);
        return call(base -> authorized(new Request.Builder().url(base + "/api/v1/actions"))
                .post(RequestBody.create(json, MediaType.get("application/json"))).build(), ActionResult.class);
    }

    /** {@code POST /api/v1/keys}: creates, rotates or revokes a client API key (the secret is in the answer once). */
    public dev.firebreak.agent.api.KeyResult keys(dev.firebreak.agent.api.KeyRequest request) throws IOException {
        byte[] json = Json.mapper().writeValueAsBytes(request);
        return call(base -> authorized(new Request.Builder().url(base + "/api/v1/keys"))
                .post(RequestBody.create(json, MediaType.get("application/json"))).build(),
                dev.firebreak.agent.api.KeyResult.class);
    }

    /** {@code GET /api/v1/keys}: the client API keys, revoked ones too, with their usage on the replica answering. */
    public List<dev.firebreak.agent.api.KeyStatus> keys() throws IOException {
        return List.of(get("/api/v1/keys", dev.firebreak.agent.api.KeyStatus[].class));
    }

    /** {@code GET /api/v1/audit}: the newest entries first. */
    public List<AuditEntry> audit(int limit) throws IOException {
        return List.of(get("/api/v1/audit?limit=" + limit, AuditEntry[].class));
    }

    /** {@code GET /api/v1/slo}: every model's objectives, compliance, budget left and burn rates. */
    public dev.firebreak.agent.api.SloReport slo() throws IOException {
        return get("/api/v1/slo", dev.firebreak.agent.api.SloReport.class);
    }

    /** {@code GET /api/v1/slo/history}: each model's SLO events per bucket over [from, to). */
    public dev.firebreak.agent.api.SloHistory sloHistory(long fromMillis, long toMillis, long bucketMillis) throws IOException {
        return get("/api/v1/slo/history?from=" + fromMillis + "&to=" + toMillis + "&bucketMinutes=" + bucketMillis / 60_000,
                dev.firebreak.agent.api.SloHistory.class);
    }

    /** {@code GET /api/v1/incidents}: live incidents first, then the newest first. */
    public List<Incident> incidents(int limit) throws IOException {
        return List.of(get("/api/v1/incidents?limit=" + limit, Incident[].class));
    }

    /** {@code GET /api/v1/series}: the last {@code seconds} of every (node, model), one point a second. */
    public List<Series> series(int seconds) throws IOException {
        return List.of(get("/api/v1/series?seconds=" + seconds, Series[].class));
    }

    /** Opens the live stream; it reconnects by itself until closed, resuming after the last event seen. */
    public StreamConnection openStream(StreamListener listener) {
        StreamConnection connection = new StreamConnection(http, replicas, "/api/v1/stream", token, listener);
        connection.connect();
        return connection;
    }

    private <T> T get(String path, Class<T> type) throws IOException {
        return call(base -> authorized(new Request.Builder().url(base + path)).get().build(), type);
    }

    /**
     * Sends the request to the current replica and, while a replica cannot be reached, to the next
     * ones, each at most once. An answer with an error status is the agent's word and is not tried
     * elsewhere: the replicas share their state and would say the same.
     */
    private <T> T call(java.util.function.Function<String, Request> request, Class<T> type) throws IOException {
        IOException unreachable = null;
        for (int tries = 0; tries < replicas.size(); tries++) {
            String base = replicas.current();
            try (Response response = http.newCall(request.apply(base)).execute(); ResponseBody body = response.body()) {
                if (!response.isSuccessful()) {
                    throw failure(response.code(), body.string());
                }
                return Json.mapper().readValue(body.byteStream(), type);
            } catch (AgentException e) {
                throw e;
            } catch (IOException e) {
                if (unreachable == null) {
                    unreachable = e;
                } else {
                    unreachable.addSuppressed(e);
                }
                replicas.failedOver(base);
            }
        }
        throw unreachable;
    }

    Request.Builder authorized(Request.Builder builder) {
        return builder.header("Authorization", "Bearer " + token);
    }

    static AgentException failure(int status, String body) {
        try {
            ApiError error = Json.mapper().readValue(body, ApiError.class);
            if (error.error() != null) {
                return new AgentException(status, error.error(), error.message());
            }
        } catch (IOException | RuntimeException e) {
            // Not our error shape (a proxy's page, say): report the status with the start of the body.
        }
        String excerpt = body.length() > 200 ? body.substring(0, 200) + "..." : body;
        return new AgentException(status, "http_" + status, excerpt.isBlank() ? "no body" : excerpt);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
