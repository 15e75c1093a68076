package dev.firebreak.lab.gameday;

import dev.firebreak.agent.client.NodeControlClient;
import dev.firebreak.lab.loadgen.LoadGenerator;
import dev.firebreak.lab.localcluster.LocalCluster;
import dev.firebreak.node.api.FaultSettings;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Where a scenario's faults land: the cluster's nodes (through their fault API, or a signal) and the load. */
final class Stage implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Stage.class.getName());

    private final LocalCluster cluster;
    private final Map<String, Double> baseRates;
    private final NodeControlClient control;
    private final Set<String> killed = new HashSet<>();
    private LoadGenerator load;

    Stage(LocalCluster cluster, Map<String, Double> baseRates) {
        this.cluster = cluster;
        this.baseRates = Map.copyOf(baseRates);
        this.control = new NodeControlClient(cluster.controlToken());
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
            case Fault.Leak leak -> faults(leak.node(), new FaultSettings(leak.blocksPerRequest(), null, null, null, null,
                    null, leak.model()));
            case Fault.Crash crash -> {
                killed.add(crash.node());
                faults(crash.node(), new FaultSettings(null, null, null, null, null, true));
            }
            case Fault.Kill kill -> {
                killed.add(kill.node());
                cluster.node(kill.node()).process().kill();
            }
            case Fault.Slow slow -> faults(slow.node(), new FaultSettings(null, slow.millis(), null, null, null, null));
            case Fault.Truncate cut -> faults(cut.node(), new FaultSettings(null, null, null, cut.rate(), null, null));
            case Fault.Restart restart -> cluster.restartNode(restart.node());
            case Fault.Heal heal -> faults(heal.node(), FaultSettings.NONE);
            case Fault.Overload overload -> baseRates.forEach((model, rate) -> load.setRate(model, rate * overload.factor()));
        }
    }

    private void faults(String node, FaultSettings settings) throws IOException {
        try {
            control.setFaults(cluster.node(node).url(), settings);
        } catch (IOException e) {
            // A node told to crash may die before it answers.
            if (!settings.crash()) {
                throw new IOException("faults " + settings + " on " + node + " refused: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        control.close();
    }
}
