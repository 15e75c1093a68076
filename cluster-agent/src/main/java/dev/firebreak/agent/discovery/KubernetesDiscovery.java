package dev.firebreak.agent.discovery;

import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.config.DiscoveryConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.node.http.Json;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Finds nodes by label selector: lists the namespace's pods from the Kubernetes API every
 * interval and keeps the agent's watch set in step, adding running pods and removing pods that
 * are gone, no longer running, or being deleted. When the API cannot be read, the watch set is
 * left as it is: an API server outage must not empty the cluster. A pod's engine is its
 * {@value #KIND_KEY} label, or else annotation ({@code vllm}, {@code llamacpp}, {@code sglang},
 * {@code openai}); without either it is a Firebreak node.
 */
public final class KubernetesDiscovery implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KubernetesDiscovery.class.getName());
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** The pod label (or annotation) naming the engine a pod runs. */
    public static final String KIND_KEY = "firebreak.dev/kind";

    private final DiscoveryConfig.Kubernetes config;
    private final OkHttpClient http;
    private final WatchSet watch;
    private final Set<String> configuredIds;
    private final Map<String, NodeConfig> discovered = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kubernetes-discovery").daemon().factory());
    private String lastProblem;

    /**
     * @param configuredIds ids of the statically configured nodes: a pod with one of these names is skipped
     * @throws IOException when the CA file of an https API server cannot be read
     */
    public KubernetesDiscovery(DiscoveryConfig.Kubernetes config, OkHttpClient base, WatchSet watch,
                               Set<String> configuredIds) throws IOException {
        this.config = config;
        this.watch = watch;
        this.configuredIds = Set.copyOf(configuredIds);
        OkHttpClient.Builder builder = base.newBuilder().callTimeout(CALL_TIMEOUT);
        Path ca = Path.of(config.caFile());
        if (config.apiUrl().startsWith("https:") && Files.exists(ca)) {
            builder = KubernetesTls.trusting(builder, ca);
        }
        this.http = builder.build();
    }

    /** Lists pods now, then every {@code intervalMillis}. */
    public void start() {
        timer.scheduleWithFixedDelay(this::pollQuietly, 0, config.intervalMillis(), TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "discovery=kubernetes namespace={0} labelSelector={1} api={2} every {3} ms",
                config.namespace(), config.labelSelector(), config.apiUrl(), config.intervalMillis());
    }

    /** What one listing changed. */
    public record Change(List<String> added, List<String> removed) {
    }

    /**
     * Lists the pods once and applies the difference to the watch set.
     *
     * @throws IOException when the API server cannot be reached or refuses the listing; nothing is changed then
     */
    public synchronized Change poll() throws IOException {
        Map<String, NodeConfig> found = new LinkedHashMap<>();
        for (PodList.Pod pod : listPods().items()) {
            if (!pod.serving()) {
                continue;
            }
            String name = pod.metadata().name();
            if (configuredIds.contains(name)) {
                LOG.log(System.Logger.Level.WARNING, "discovery=kubernetes pod={0} skipped: a configured node has that id", name);
                continue;
            }
            NodeKind kind;
            try {
                String named = pod.metadata().labelOrAnnotation(KIND_KEY);
                kind = named == null ? NodeKind.FIREBREAK : NodeKind.of(named);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "discovery=kubernetes pod={0} skipped: its " + KIND_KEY + " {1}", name,
                        e.getMessage());
                continue;
            }
            found.put(name, new NodeConfig(name, url(pod.status().podIP()), config.controlToken(), kind));
        }
        List<String> removed = new ArrayList<>();
        for (var it = discovered.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            NodeConfig now = found.get(entry.getKey());
            if (now == null || !now.url().equals(entry.getValue().url())) {
                watch.unwatch(entry.getKey(), now == null ? "its pod is gone, not running, or being deleted"
                        : "its pod moved to " + now.url());
                it.remove();
                removed.add(entry.getKey());
            }
        }
        List<String> added = new ArrayList<>();
        for (NodeConfig node : found.values()) {
            if (!discovered.containsKey(node.id()) && watch.watch(node)) {
                discovered.put(node.id(), node);
                added.add(node.id());
            }
        }
        return new Change(added, removed);
    }

    private void pollQuietly() {
        try {
            Change change = poll();
            if (lastProblem != null) {
                LOG.log(System.Logger.Level.INFO, "discovery=kubernetes listing pods works again");
                lastProblem = null;
            }
            if (!change.added().isEmpty() || !change.removed().isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "discovery=kubernetes added={0} removed={1} watching={2}",
                        change.added(), change.removed(), discovered.size());
            }
        } catch (IOException | RuntimeException e) {
            String problem = e.getMessage() != null ? e.getMessage() : e.toString();
            if (!problem.equals(lastProblem)) {
                LOG.log(System.Logger.Level.WARNING, "discovery=kubernetes cannot list pods, keeping the {0} known: {1}",
                        discovered.size(), problem);
                lastProblem = problem;
            }
        }
    }

    private PodList listPods() throws IOException {
        HttpUrl url = HttpUrl.get(config.apiUrl()).newBuilder()
                .addPathSegments("api/v1/namespaces").addPathSegment(config.namespace()).addPathSegment("pods")
                .addQueryParameter("labelSelector", config.labelSelector())
                .build();
        Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
        String token = serviceAccountToken();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        Response response;
        try {
            response = http.newCall(request.build()).execute();
        } catch (IOException e) {
            throw new IOException("GET " + url + " failed: " + e, e);
        }
        try (response) {
            if (response.code() != 200) {
                String body = response.body().string();
                throw new IOException("GET " + url + " answered HTTP " + response.code() + ": "
                        + body.substring(0, Math.min(300, body.length())).strip());
            }
            try {
                return Json.mapper().readValue(response.body().byteStream(), PodList.class);
            } catch (IOException e) {
                throw new IOException("GET " + url + " answered something that is not a PodList: " + e.getMessage(), e);
            }
        }
    }

    // Read at every listing: Kubernetes rotates projected service-account tokens.
    private String serviceAccountToken() throws IOException {
        try {
            return Files.readString(Path.of(config.tokenFile())).strip();
        } catch (NoSuchFileException e) {
            if (config.apiUrl().startsWith("https:")) {
                throw new IOException("no service-account token at " + config.tokenFile()
                        + " (is the agent running in a pod with automountServiceAccountToken?)", e);
            }
            return null; // a plain-http API (kubectl proxy, tests) needs none
        }
    }

    private String url(String podIp) {
        String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
        return config.scheme() + "://" + host + ":" + config.port();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
