package dev.firebreak.lab.localcluster;

import dev.firebreak.node.http.Json;
import dev.firebreak.node.process.ServiceProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code firebreak-lab local}: runs a local cluster with no console until stopped, for scripts
 * and experiments. Writes {@code cluster.json} (URLs, tokens, pids; owner-only) into the work folder.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Start N nodes and an agent on loopback and keep them running until stopped.")
public final class LocalClusterCommand implements Callable<Integer> {

    /** What {@code cluster.json} holds. */
    public record Description(String agentUrl, String operatorToken, String viewerToken, String controlToken,
                              String clientKey,
                              long agentPid, List<NodeDescription> nodes) {
    }

    /** One node in {@code cluster.json}. */
    public record NodeDescription(String id, String url, long pid) {
    }

    @Option(names = "--nodes", defaultValue = "3", description = "How many nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--models", split = ",", defaultValue = "tiny-chat,tiny-code",
            description = "Models every node serves (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--work-dir", required = true, description = "Folder for configuration, logs and cluster.json.")
    Path workDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LocalCluster.Options options;
        try {
            options = new LocalCluster.Options("local", nodes, models, workDir);
        } catch (IllegalArgumentException e) {
            // Checked before anything starts or is written to the work folder.
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--nodes/--models: " + e.getMessage());
        }
        LocalCluster cluster = LocalCluster.start(options);
        Description description = new Description(cluster.agentUrl(), cluster.operatorToken(),
                cluster.viewerToken(), cluster.controlToken(), cluster.clientKey(), cluster.agent().pid(),
                cluster.nodes().stream().map(n -> new NodeDescription(n.id(), n.url(), n.process().pid())).toList());
        Path file = workDir.resolve("cluster.json");
        Path partial = workDir.resolve("cluster.json.partial");
        Files.writeString(partial, "");
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        Files.write(partial, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(description));
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        ServiceProcess.runUntilStopped(cluster::close, null, "local cluster ready: agent " + cluster.agentUrl() + ", " + nodes
                + " nodes; tokens in " + file);
        return 0;
    }
}
