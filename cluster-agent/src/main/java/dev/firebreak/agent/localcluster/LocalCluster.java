package dev.firebreak.agent.localcluster;

import dev.firebreak.agent.AgentMain;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.node.NodeMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A whole cluster on this machine: N inference nodes and one agent, each its own child JVM on an
 * ephemeral loopback port. Children watch this process and exit when it dies, even by
 * {@code kill -9}. The console's default, the tests' fixture and the game days' stage.
 */
public final class LocalCluster implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalCluster.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** The agent starts fast with C1 alone; nodes need C2, without which the Vector API is not compiled to vector code. */
    private static final List<String> AGENT_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    /**
     * What to start.
     *
     * @param workDir where configuration and logs go; {@code null} for a fresh temporary folder,
     *                removed again on close
     */
    public record Options(String cluster, int nodes, List<String> models, Path workDir) {
        public Options {
            if (nodes < 1 || nodes > 16) {
                throw new IllegalArgumentException("a local cluster has 1-16 nodes, got " + nodes);
            }
            models = List.copyOf(models);
            if (models.isEmpty()) {
                throw new IllegalArgumentException("a local cluster needs at least one model");
            }
        }

        /** The default: three nodes, each serving two small synthetic models. */
        public static Options defaults() {
            return new Options("local", 3, List.of("tiny-chat", "tiny-code"), null);
        }
    }

    /** One node of the local cluster. */
    public record Node(String id, String url, ChildProcess process) {
    }

    private final Path workDir;
    private final boolean ownsWorkDir;
    private final String controlToken;
    private final String operatorToken;
    private final String viewerToken;
    private final List<Node> nodes = new ArrayList<>();
    /** Every process started, announced or not, so close() stops them all. */
    private final List<ChildProcess> children = new ArrayList<>();
    private ChildProcess agent;
    private String agentUrl;

    private LocalCluster(Path workDir, boolean ownsWorkDir) {
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.controlToken = newToken();
        this.operatorToken = newToken();
        this.viewerToken = newToken();
    }

    /** Starts every node, then the agent, and returns once the agent sees every node UP. */
    public static LocalCluster start(Options options) throws IOException, InterruptedException {
        boolean temporary = options.workDir() == null;
        Path dir = temporary ? Files.createTempDirectory("firebreak-local-") : Files.createDirectories(options.workDir());
        LocalCluster cluster = new LocalCluster(dir, temporary);
        try {
            cluster.startNodes(options);
            cluster.writeAgentConfig(options);
            cluster.startAgent(0);
            cluster.awaitAllUp();
            LOG.log(System.Logger.Level.INFO, "local cluster {0} up: {1} nodes, agent {2}, files in {3}",
                    options.cluster(), options.nodes(), cluster.agentUrl, dir);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startNodes(Options options) throws IOException, InterruptedException {
        long self = ProcessHandle.current().pid();
        List<ChildProcess> started = new ArrayList<>();
        for (int i = 1; i <= options.nodes(); i++) {
            String id = "node-" + i;
            JavaCommand command = new JavaCommand(nodeJvm(), NodeMain.class.getName(), List.of(
                    "--host", "127.0.0.1", "--port", "0", "--node-id", id,
                    "--models", String.join(",", options.models()), "--kv-memory", "64MiB", "--allow-faults",
                    "--parent-pid", Long.toString(self)));
            started.add(ChildProcess.start(id, command, Map.of("FIREBREAK_CONTROL_TOKEN", controlToken),
                    workDir.resolve(id + ".log"), NodeMain.LISTENING));
            children.add(started.getLast());
        }
        // Started together, awaited after: the JVMs boot in parallel.
        for (ChildProcess child : started) {
            nodes.add(new Node(child.name(), child.awaitUrl(START_TIMEOUT), child));
        }
    }

    private static List<String> nodeJvm() {
        return List.of("-XX:+UseSerialGC", "-Xss512k", "--add-modules", "jdk.incubator.vector", "-Xmx512m");
    }

    private void writeAgentConfig(Options options) throws IOException {
        Path config = workDir.resolve("agent.yaml");
        Files.writeString(config, "");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(config, agentYaml(options.cluster(), options.models()));
    }

    private void startAgent(int port) throws IOException, InterruptedException {
        Path config = workDir.resolve("agent.yaml");
        List<String> jvm = new ArrayList<>(AGENT_JVM);
        jvm.add("-Xmx256m");
        JavaCommand command = new JavaCommand(jvm, AgentMain.class.getName(), List.of("serve",
                "--config", config.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        agent = ChildProcess.start("agent", command, Map.of(),
                workDir.resolve("agent-" + (children.size() + 1) + ".log"), AgentMain.LISTENING);
        children.addFirst(agent);
        agentUrl = agent.awaitUrl(START_TIMEOUT);
    }

    private String agentYaml(String clusterName, List<String> models) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Written by the local cluster launcher; holds tokens, readable by its owner only.\n");
        yaml.append("cluster: ").append(clusterName).append('\n');
        yaml.append("nodes:\n");
        for (Node node : nodes) {
            yaml.append("  - id: ").append(node.id()).append('\n')
                    .append("    url: ").append(node.url()).append('\n')
                    .append("    controlToken: \"").append(controlToken).append("\"\n");
        }
        if (models.size() > 1) {
            // Each model falls back to the next: the gateway's fallback chains, ready to watch.
            yaml.append("models:\n");
            for (int i = 0; i + 1 < models.size(); i++) {
                yaml.append("  - name: ").append(models.get(i)).append("\n    fallback: ").append(models.get(i + 1)).append('\n');
            }
        }
        yaml.append("access:\n")
                .append("  - name: local-operator\n    role: operator\n    token: \"").append(operatorToken).append("\"\n")
                .append("  - name: local-viewer\n    role: viewer\n    token: \"").append(viewerToken).append("\"\n");
        return yaml.toString();
    }

    private void awaitAllUp() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (AgentClient client = new AgentClient(agentUrl, viewerToken)) {
            while (true) {
                Optional<String> missing = Optional.empty();
                try {
                    ClusterSnapshot snapshot = client.cluster();
                    missing = snapshot.nodes().stream().filter(n -> n.health() != NodeHealth.UP)
                            .map(n -> n.id() + " " + n.health()).findFirst();
                    if (missing.isEmpty()) {
                        return;
                    }
                } catch (IOException e) {
                    missing = Optional.of("agent: " + e.getMessage());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("local cluster not up within " + START_TIMEOUT.toSeconds() + " s: "
                            + missing.orElse("?") + "; logs in " + workDir);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Starts a new agent process on the same port after the old one died or was killed, as a
     * supervisor would; consoles reconnect to the same URL.
     *
     * @throws IllegalStateException while the current agent is still running
     */
    public void restartAgent() throws IOException, InterruptedException {
        if (agent.isAlive()) {
            throw new IllegalStateException("the agent (pid " + agent.pid() + ") is still running");
        }
        startAgent(java.net.URI.create(agentUrl).getPort());
    }

    public String agentUrl() {
        return agentUrl;
    }

    public String operatorToken() {
        return operatorToken;
    }

    public String viewerToken() {
        return viewerToken;
    }

    /** The token every node's control endpoint accepts. */
    public String controlToken() {
        return controlToken;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Node node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in this local cluster"));
    }

    public ChildProcess agent() {
        return agent;
    }

    public Path workDir() {
        return workDir;
    }

    /** Every process this cluster started: the agent first, then the nodes. */
    public List<ChildProcess> processes() {
        return List.copyOf(children);
    }

    /** Stops the agent, then every node (SIGTERM, then SIGKILL after a grace period). */
    @Override
    public void close() {
        try {
            for (ChildProcess child : children) {
                child.stop(STOP_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            children.forEach(c -> ProcessHandle.of(c.pid()).ifPresent(ProcessHandle::destroyForcibly));
        }
        if (ownsWorkDir) {
            deleteQuietly(workDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not remove {0}: {1}", dir, e.getMessage());
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
