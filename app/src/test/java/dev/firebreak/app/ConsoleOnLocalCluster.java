package dev.firebreak.app;

import dev.firebreak.lab.localcluster.LocalCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** A local cluster serving tiny-chat and the console opened on it, for a test class: started before, closed after. */
final class ConsoleOnLocalCluster implements BeforeAllCallback, AfterAllCallback {

    /** The console's options, given the started cluster and a fresh settings folder. */
    interface Setup {
        ConsoleOptions options(LocalCluster cluster, Path settings) throws Exception;
    }

    private final LocalCluster.Options clusterOptions;
    private final Setup setup;
    private LocalCluster cluster;
    private ConsoleApp app;

    ConsoleOnLocalCluster(String name, int nodes, Setup setup) {
        this.clusterOptions = new LocalCluster.Options(name, nodes, List.of("tiny-chat"), null);
        this.setup = setup;
    }

    /** The console pointed at the cluster's agent with the token {@code token} picks. */
    static ConsoleOnLocalCluster withToken(String name, int nodes, Function<LocalCluster, String> token) {
        return new ConsoleOnLocalCluster(name, nodes,
                (cluster, settings) -> new ConsoleOptions(cluster.agentUrl(), token.apply(cluster), 1, settings));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = LocalCluster.start(clusterOptions);
        app = ConsoleUnderTest.open(setup.options(cluster, Files.createTempDirectory("console-settings")));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        ConsoleUnderTest.close(app, cluster);
    }

    LocalCluster cluster() {
        return cluster;
    }

    ConsoleApp app() {
        return app;
    }
}
