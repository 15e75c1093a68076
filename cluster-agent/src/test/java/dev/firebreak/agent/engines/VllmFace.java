package dev.firebreak.agent.engines;

import dev.firebreak.node.api.ModelStatus;
import dev.firebreak.node.api.NodeStatus;
import dev.firebreak.node.http.Json;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A real Firebreak node seen through vLLM's face: {@code /metrics} is the node's own exposition
 * under vLLM's names (the node writes {@code vllm_x} where vLLM writes {@code vllm:x}) plus
 * vLLM's {@code vllm:cache_config_info} computed from the node's KV figures; {@code /health}
 * and {@code /v1/*} are the node's, proxied. Nothing of Firebreak's control API shows through.
 */
final class VllmFace implements AutoCloseable {

    private static final Pattern VLLM_NAME = Pattern.compile("(^|# (?:HELP|TYPE) )vllm_", Pattern.MULTILINE);

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient();
    private final String node;
    private final String controlToken;

    VllmFace(String nodeUrl, String controlToken) throws IOException {
        this.node = nodeUrl;
        this.controlToken = controlToken;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    String path = request.getTarget();
                    return path.equals("/metrics") ? metrics() : proxy(request);
                } catch (IOException e) {
                    return new MockResponse.Builder().code(502).body(e.getMessage()).build();
                }
            }
        });
        server.start();
    }

    String url() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    private MockResponse metrics() throws IOException {
        String exposition;
        try (Response r = http.newCall(new Request.Builder().url(node + "/metrics").build()).execute()) {
            exposition = VLLM_NAME.matcher(r.body().string()).replaceAll("$1vllm:");
        }
        NodeStatus status;
        try (Response r = http.newCall(new Request.Builder().url(node + "/control/status")
                .header("Authorization", "Bearer " + controlToken).build()).execute()) {
            status = Json.mapper().readValue(r.body().string(), NodeStatus.class);
        }
        StringBuilder info = new StringBuilder("# HELP vllm:cache_config_info Information of the LLMEngine CacheConfig\n"
                + "# TYPE vllm:cache_config_info gauge\n");
        for (ModelStatus m : status.models()) {
            info.append("vllm:cache_config_info{model_name=\"").append(m.model()).append("\",block_size=\"")
                    .append(m.kv().blockSize()).append("\",num_gpu_blocks=\"").append(m.kv().blocksTotal()).append("\"} 1.0\n");
        }
        String body = exposition.replace("# EOF\n", "") + info;
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .body(body).build();
    }

    private MockResponse proxy(RecordedRequest request) throws IOException {
        if (request.getTarget().startsWith("/control")) {
            return new MockResponse.Builder().code(404).build(); // vLLM has no such API
        }
        Request.Builder forward = new Request.Builder().url(node + request.getTarget());
        if (request.getMethod().equals("POST")) {
            forward.post(RequestBody.create(request.getBody() == null ? new byte[0] : request.getBody().toByteArray(),
                    MediaType.get("application/json")));
        }
        try (Response r = http.newCall(forward.build()).execute()) {
            String type = r.header("Content-Type", "application/json");
            return new MockResponse.Builder().code(r.code()).addHeader("Content-Type", type).body(r.body().string()).build();
        }
    }

    @Override
    public void close() {
        server.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
