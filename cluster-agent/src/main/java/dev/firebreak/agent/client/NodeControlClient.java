package dev.firebreak.agent.client;

import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.http.Json;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;

/**
 * Talks to nodes' control endpoints directly, with the nodes' control token: fault injection for
 * game days. Operators act through the agent; this is for the local cluster and the harness.
 */
public final class NodeControlClient implements AutoCloseable {

    private final String controlToken;
    private final OkHttpClient http = HttpClients.builder()
            .connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5)).build();

    public NodeControlClient(String controlToken) {
        this.controlToken = controlToken;
    }

    /**
     * {@code POST /control/faults}: replaces the faults the node at {@code nodeUrl} injects.
     *
     * @throws AgentException when the node refuses (faults not allowed, bad settings, wrong token)
     */
    public void setFaults(String nodeUrl, FaultSettings faults) throws IOException {
        Request request = new Request.Builder().url(trim(nodeUrl) + "/control/faults")
                .header("Authorization", "Bearer " + controlToken)
                .post(RequestBody.create(Json.mapper().writeValueAsBytes(faults), MediaType.get("application/json")))
                .build();
        try (Response response = http.newCall(request).execute(); ResponseBody body = response.body()) {
            if (!response.isSuccessful()) {
                throw AgentClient.failure(response.code(), body.string());
            }
        }
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
