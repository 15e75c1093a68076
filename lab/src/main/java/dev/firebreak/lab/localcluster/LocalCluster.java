package dev.firebreak.lab.localcluster;

import dev.firebreak.agent.AgentMain;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.KeyRequest;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.NodeControlClient;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.ConfigLoader;
import dev.firebreak.node.NodeMain;
import dev.firebreak.node.api.FaultSettings;
import dev.firebreak.node.api.NodeState;
import dev.firebreak.node.process.ParentWatch;

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
import java.util.UUID;
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
    public record Options(String cluster, int nodes, List<String> models, Path workDir, NodeSetup setup) {
        public Options {
            if (nodes < 1 || nodes > 16) {
                throw new IllegalArgumentException("a local cluster has 1-16 nodes, got " + nodes);
            }
            models = List.copyOf(models);
            if (models.isEmpty()) {
                throw new IllegalArgumentException("a local cluster needs at least one model");
            }
            setup = setup == null ? NodeSetup.defaults() : setup;
            if (setup.modelsPerNode() != null && setup.modelsPerNode().size() != nodes) {
                throw new IllegalArgumentException("modelsPerNode lists " + setup.modelsPerNode().size()
                        + " nodes for a cluster of " + nodes);
            }
        }

        /** Every node serving every model, as the console starts it. */
        public Options(String cluster, int nodes, List<String> models, Path workDir) {
            this(cluster, nodes, models, workDir, NodeSetup.defaults());
        }

        /** The default: three nodes, each serving two small synthetic models. */
        public static Options defaults() {
            return new Options("local", 3, List.of("tiny-chat", "tiny-code"), null);
        }

        /** The models node {@code index} (0-based) serves. */
        List<String> modelsOf(int index) {
            return setup.modelsPerNode() == null ? models : setup.modelsPerNode().get(index);
        }
    }

    /**
     * One node of the local cluster: one process. With a process per model, a host's models are
     * separate nodes ({@code node-1-tiny-chat}) on {@code host} {@code node-1}.
     */
    public record Node(String id, String url, ChildProcess process, String host, List<String> models) {

        public Node {
            models = List.copyOf(models);
        }
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
    private String clientKey;
    private NodeSetup setup;

    private LocalCluster(Path workDir, boolean ownsWorkDir) {
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.controlToken = newToken();
        this.operatorToken = newToken();
        this.viewerToken = newToken();
    }

    /** Starts every node, then the agent, and returns once the agent sees every node UP and serving (warmed up). */
    public static LocalCluster start(Options options) throws IOException, InterruptedException {
        return start(options, true);
    }

    /**
     * Starts every node, then the agent, and returns once the agent sees every node UP, and, if
     * {@code awaitServing}, done with its warm-up (otherwise see {@link #awaitServing()}).
     */
    public static LocalCluster start(Options options, boolean awaitServing) throws IOException, InterruptedException {
        boolean temporary = options.workDir() == null;
        Path dir = temporary ? Files.createTempDirectory("firebreak-local-") : Files.createDirectories(options.workDir());
        LocalCluster cluster = new LocalCluster(dir, temporary);
        try {
            cluster.startNodes(options);
            cluster.writeAgentConfig(options);
            cluster.startAgent(0);
            cluster.createClientKey();
            cluster.awaitAll(awaitServing);
            LOG.log(System.Logger.Level.INFO, "local cluster {0} up: {1} nodes, agent {2}, files in {3}",
                    options.cluster(), options.nodes(), cluster.agentUrl, dir);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startNodes(Options options) throws IOException, InterruptedException {
        setup = options.setup();
        record Planned(ChildProcess child, String host, List<String> models) {
        }
        List<Planned> started = new ArrayList<>();
        for (int i = 1; i <= options.nodes(); i++) {
            String host = "node-" + i;
            List<String> models = options.modelsOf(i - 1);
            if (setup.processPerModel()) {
                for (String model : models) {
                    started.add(new Planned(startNode(host + "-" + model, List.of(model), 0), host, List.of(model)));
                }
            } else {
                started.add(new Planned(startNode(host, models, 0), host, models));
            }
        }
        // Started together, awaited after: the JVMs boot in parallel.
        for (Planned p : started) {
            nodes.add(new Node(p.child().name(), p.child().awaitUrl(START_TIMEOUT), p.child(), p.host(), p.models()));
        }
    }

    private ChildProcess startNode(String id, List<String> models, int port) throws IOException {
        List<String> jvm = new ArrayList<>(nodeJvm());
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--node-id", id,
                "--models", String.join(",", models), "--kv-memory", setup.kvMemory(),
                "--kv-isolation", setup.kvIsolation(), "--allow-faults"));
        args.addAll(ParentWatch.ParentPidFlag.ofThisProcess());
        if (setup.cpus() > 0) {
            // The quota counts the engine thread's CPU time, so the kernels run on that thread alone.
            jvm.add("-Dfirebreak.threads=1");
            args.addAll(List.of("--cpus", Double.toString(setup.cpus())));
        }
        JavaCommand command = new JavaCommand(jvm, NodeMain.class.getName(), args);
        long earlier = children.stream().filter(c -> c.name().equals(id)).count();
        ChildProcess child = ChildProcess.start(id, command, Map.of("FIREBREAK_CONTROL_TOKEN", controlToken),
                workDir.resolve(id + (earlier == 0 ? "" : "-" + (earlier + 1)) + ".log"), NodeMain.LISTENING);
        children.add(child);
        return child;
    }

    private static List<String> nodeJvm() {
        return List.of("-XX:+UseSerialGC", "-Xss512k", "--add-modules", "jdk.incubator.vector", "-Xmx512m");
    }

    private void writeAgentConfig(Options options) throws IOException {
        Path config = workDir.resolve("agent.yaml");
        Files.writeString(config, "");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        AgentConfig agentConfig = LocalAgentConfig.of(options.cluster(), options.models(), options.setup(), nodes,
                controlToken, operatorToken, viewerToken);
        Files.writeString(config, "# Written by the local cluster launcher; holds tokens, readable by its owner only.\n"
                + ConfigLoader.yaml(agentConfig));
    }

    private void startAgent(int port) throws IOException, InterruptedException {
        Path config = workDir.resolve("agent.yaml");
        List<String> jvm = new ArrayList<>(AGENT_JVM);
        jvm.add("-Xmx256m");
        List<String> args = new ArrayList<>(List.of("serve",
                "--config", config.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port)));
        args.addAll(ParentWatch.ParentPidFlag.ofThisProcess());
        JavaCommand command = new JavaCommand(jvm, AgentMain.class.getName(), args);
        agent = ChildProcess.start("agent", command, Map.of(),
                workDir.resolve("agent-" + (children.size() + 1) + ".log"), AgentMain.LISTENING);
        children.addFirst(agent);
        agentUrl = agent.awaitUrl(START_TIMEOUT);
    }

    /**
     * Creates, through the agent's audited key API, the client key the cluster's traffic generator
     * and its tests send: the gateway is not open, as in production. It lives in the agent's state
     * file, so it outlives a restart of the agent.
     */
    private void createClientKey() throws IOException {
        try (AgentClient operator = new AgentClient(agentUrl, operatorToken)) {
            clientKey = operator.keys(KeyRequest.create("local-traffic", null, null, null, null,
                    "the local cluster's traffic generator", UUID.randomUUID().toString())).secret();
        }
    }

    /** Returns once the agent sees every node UP and serving: its warm-up done, ready for traffic. */
    public void awaitServing() throws IOException, InterruptedException {
        awaitAll(true);
    }

    /** What {@code node} still lacks, e.g. "node-2 WARMING"; empty once it is UP (and serving, if asked). */
    private static Optional<String> notYet(dev.firebreak.agent.api.NodeView node, boolean serving) {
        if (node.health() != NodeHealth.UP) {
            return Optional.of(node.id() + " " + node.health());
        }
        if (!serving) {
            return Optional.empty();
        }
        return node.status() == null ? Optional.of(node.id() + " without status")
                : node.status().state() != NodeState.SERVING ? Optional.of(node.id() + " " + node.status().state()) : Optional.empty();
    }

    private void awaitAll(boolean serving) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (AgentClient client = new AgentClient(agentUrl, viewerToken)) {
            while (true) {
                Optional<String> missing = Optional.empty();
                try {
                    ClusterSnapshot snapshot = client.cluster();
                    missing = snapshot.nodes().stream().map(n -> notYet(n, serving)).flatMap(Optional::stream).findFirst();
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

    /**
     * Starts node {@code id} again, same models and port, after its process died or was killed, as
     * its supervisor would (systemd's {@code Restart=}); the agent finds it at the URL it watches.
     * Returns once the new process listens.
     *
     * @throws IllegalStateException while the node's current process is still running
     */
    public Node restartNode(String id) throws IOException, InterruptedException {
        Node old = node(id);
        if (old.process().isAlive()) {
            throw new IllegalStateException("node " + id + " (pid " + old.process().pid() + ") is still running");
        }
        ChildProcess child = startNode(id, old.models(), java.net.URI.create(old.url()).getPort());
        Node restarted = new Node(id, child.awaitUrl(START_TIMEOUT), child, old.host(), old.models());
        nodes.set(nodes.indexOf(old), restarted);
        return restarted;
    }

    public String agentUrl() {
        return agentUrl;
    }

    /** The client API key of the gateway for this cluster's traffic ({@code Authorization: Bearer}). */
    public String clientKey() {
        return clientKey;
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

    /** Sets the faults node {@code id} injects, through its control endpoint with the cluster's control token. */
    public void setFaults(String id, FaultSettings faults) throws IOException {
        try (NodeControlClient control = new NodeControlClient(controlToken)) {
            control.setFaults(node(id).url(), faults);
        }
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

    /**
     * 192 random bits, base64url, behind a prefix: a token starting with "-h" or "-V" would be read
     * as the node's help or version flag by its command-line parser (which sees the environment
     * default like an argument), and the node would exit at start, one run in a few dozen.
     */
    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "fb_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
