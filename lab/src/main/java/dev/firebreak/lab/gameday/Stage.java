package dev.firebreak.lab.gameday;

import dev.firebreak.agent.client.HttpClients;
import dev.firebreak.lab.loadgen.LoadGenerator;
import dev.firebreak.lab.localcluster.LocalCluster;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Where a scenario's faults land: the cluster's nodes (through their fault API, or a signal) and the load. */
final class Stage implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final System.Logger LOG = System.getLogger(Stage.class.getName());

    private final LocalCluster cluster;
    private final Map<String, Double> baseRates;
    private final OkHttpClient http = HttpClients.builder().build();
    private final Set<String> killed = new HashSet<>();
    private LoadGenerator load;

    Stage(LocalCluster cluster, Map<String, Double> baseRates) {
        this.cluster = cluster;
        this.baseRates = Map.copyOf(baseRates);
    }

    void load(LoadGenerator generator) {
        this.load = generator;
    }

    /** Nodes the scenario took down on purpose. */
    Set<String> killed() {
        return Set.copyOf(killed);
    }

    void apply(Fault fault) throws IOException, InterruptedException {
        LOG.log(System.Logger.Level.INFO, "game day: {0}", fault.label());
        switch (fault) {
            case Fault.Leak leak -> faults(leak.node(), "{\"leakBlocksPerRequest\": " + leak.blocksPerRequest()
                    + (leak.model() == null ? "" : ", \"model\": \"" + leak.model() + "\"") + "}");
            case Fault.Crash crash -> {
                killed.add(crash.node());
                faults(crash.node(), "{\"crash\": true}");
            }
            case Fault.Kill kill -> {
                killed.add(kill.node());
                cluster.node(kill.node()).process().kill();
            }
            case Fault.Slow slow -> faults(slow.node(), "{\"addedLatencyMillis\": " + slow.millis() + "}");
            case Fault.Truncate cut -> faults(cut.node(), "{\"truncateRate\": " + cut.rate() + "}");
            case Fault.Restart restart -> cluster.restartNode(restart.node());
            case Fault.Heal heal -> faults(heal.node(), "{}");
            case Fault.Overload overload -> baseRates.forEach((model, rate) -> load.setRate(model, rate * overload.factor()));
        }
    }

    private void faults(String node, String body) throws IOException {
        Request request = new Request.Builder().url(cluster.node(node).url() + "/control/faults")
                .header("Authorization", "Bearer " + cluster.controlToken())
                .post(RequestBody.create(body, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IOException("fault " + body + " on " + node + " refused: HTTP " + response.code() + " "
                        + response.body().string());
            }
        } catch (IOException e) {
            // A node told to crash may die before it answers.
            if (!body.contains("crash")) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
    }
}
