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

/** Talks to one agent's API: reads the cluster and opens its live stream. Used by the console and tests. */
public final class AgentClient implements AutoCloseable {

    private final String baseUrl;
    private final String token;
    private final OkHttpClient http;

    public AgentClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.http = HttpClients.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(10))
                .build();
    }

    public String baseUrl() {
        return baseUrl;
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
        Request request = authorized(new Request.Builder().url(baseUrl + "/api/v1/actions"))
                .post(RequestBody.create(Json.mapper().writeValueAsBytes(action), MediaType.get("application/json"))).build();
        try (Response response = http.newCall(request).execute(); ResponseBody body = response.body()) {
            if (!response.isSuccessful()) {
                throw failure(response.code(), body.string());
            }
            return Json.mapper().readValue(body.byteStream(), ActionResult.class);
        }
    }

    /** {@code GET /api/v1/audit}: the newest entries first. */
    public List<AuditEntry> audit(int limit) throws IOException {
        return List.of(get("/api/v1/audit?limit=" + limit, AuditEntry[].class));
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
        StreamConnection connection = new StreamConnection(http, baseUrl + "/api/v1/stream", token, listener);
        connection.connect();
        return connection;
    }

    private <T> T get(String path, Class<T> type) throws IOException {
        Request request = authorized(new Request.Builder().url(baseUrl + path)).get().build();
        try (Response response = http.newCall(request).execute(); ResponseBody body = response.body()) {
            if (!response.isSuccessful()) {
                throw failure(response.code(), body.string());
            }
            return Json.mapper().readValue(body.byteStream(), type);
        }
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
