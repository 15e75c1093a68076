package dev.firebreak.agent.client;

import dev.firebreak.node.api.AdmissionRequest;
import dev.firebreak.node.api.ControlResult;
import dev.firebreak.node.api.DrainDeadline;
import dev.firebreak.node.api.DrainRequest;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeStatus;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to a node's control endpoints with the node's control token: drain, resume, admission,
 * fault injection and status. The agent's drain and resume actions, the local cluster and the
 * game-day harness all go through it.
 */
public final class NodeControlClient implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");

    private final String controlToken;
    private final OkHttpClient http;
    private final boolean ownsHttp;

    /** A client with its own connections, closed by {@link #close()}. */
    public NodeControlClient(String controlToken) {
        this(HttpClients.builder().connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5)).build(),
                controlToken, true);
    }

    /** A client on {@code http}'s connections, which the caller keeps and closes. */
    public NodeControlClient(OkHttpClient http, String controlToken) {
        this(http, controlToken, false);
    }

    private NodeControlClient(OkHttpClient http, String controlToken, boolean ownsHttp) {
        this.http = http;
        this.controlToken = controlToken;
        this.ownsHttp = ownsHttp;
    }

    /**
     * {@code POST /control/drain}: the node takes no new work, and cancels what it still holds at the deadline.
     *
     * @throws AgentException when the node refuses (wrong token, say)
     */
    public ControlResult drain(String nodeUrl, DrainDeadline deadline) throws IOException {
        return post(nodeUrl, "/control/drain", DrainRequest.of(deadline), ControlResult.class);
    }

    /** {@code POST /control/resume}: the node takes new work again. */
    public ControlResult resume(String nodeUrl) throws IOException {
        return post(nodeUrl, "/control/resume", Map.of(), ControlResult.class);
    }

    /** {@code POST /control/admission}: opens or closes {@code model} on the node to new requests. */
    public ModelStatus admission(String nodeUrl, String model, boolean open) throws IOException {
        return post(nodeUrl, "/control/admission", new AdmissionRequest(model, open), ModelStatus.class);
    }

    /**
     * {@code POST /control/faults}: replaces the faults the node at {@code nodeUrl} injects.
     *
     * @throws AgentException when the node refuses (faults not allowed, bad settings, wrong token)
     */
    public void setFaults(String nodeUrl, FaultSettings faults) throws IOException {
        post(nodeUrl, "/control/faults", faults, null);
    }

    /** {@code GET /control/status}: the node's state and per-model figures. */
    public NodeStatus status(String nodeUrl) throws IOException {
        return call(new Request.Builder().url(trim(nodeUrl) + "/control/status").get().build(), NodeStatus.class);
    }

    private <T> T post(String nodeUrl, String path, Object body, Class<T> answer) throws IOException {
        Request request = new Request.Builder().url(trim(nodeUrl) + path)
                .header("Authorization", "Bearer " + controlToken)
                .post(RequestBody.create(Json.mapper().writeValueAsBytes(body), JSON))
                .build();
        return call(request, answer);
    }

    private <T> T call(Request request, Class<T> answer) throws IOException {
        try (Response response = http.newCall(request).execute(); ResponseBody body = response.body()) {
            if (!response.isSuccessful()) {
                throw AgentClient.failure(response.code(), body.string());
            }
            return answer == null ? null : Json.mapper().readValue(body.byteStream(), answer);
        }
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
