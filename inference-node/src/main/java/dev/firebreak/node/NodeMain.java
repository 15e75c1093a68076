package dev.firebreak.node;

import dev.firebreak.node.engine.batch.SchedulerLimits;
import dev.firebreak.node.engine.gguf.GgufException;
import dev.firebreak.node.engine.kv.KvBlockPool;
import dev.firebreak.node.engine.model.LoadedModel;
import dev.firebreak.node.engine.tensor.WeightType;
import dev.firebreak.node.http.HttpSettings;
import dev.firebreak.node.http.PemKeys;
import dev.firebreak.node.process.OneLineErrors;
import dev.firebreak.node.process.ParentWatch;
import dev.firebreak.node.process.Programs;
import dev.firebreak.node.process.ServiceProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts one inference node: {@code firebreak-node --port 8100 --node-id node-1 --models tiny-chat}. */
@Command(name = "firebreak-node", mixinStandardHelpOptions = true, version = "firebreak-node 0.1.0",
        description = "Serves models over the OpenAI API with a control endpoint, health, readiness and metrics.")
public final class NodeMain implements Callable<Integer> {

    /** The line a launcher waits for; the URL after "listening on" is where the node answers. */
    public static final String LISTENING = "listening on ";
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]i?B?)?", Pattern.CASE_INSENSITIVE);

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8100",
            description = "Port to bind; 0 picks a free one and prints it (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tls-cert", description = "PEM certificate chain: serve HTTPS instead of HTTP (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM (PKCS#8) private key of --tls-cert, readable by the node only.")
    Path tlsKey;

    @Option(names = "--tls-client-ca", description = "PEM bundle of CAs: clients must present a certificate signed by one "
            + "(mutual TLS) for /v1/* and /control/*; /health, /ready and /metrics stay open (with --tls-cert).")
    Path tlsClientCa;

    @Option(names = "--idle-timeout", defaultValue = "" + HttpSettings.DEFAULT_IDLE_TIMEOUT_SECONDS,
            description = "Seconds a connection may send and receive nothing before it is closed (default: ${DEFAULT-VALUE}).")
    int idleTimeoutSeconds;

    @Option(names = "--header-timeout", defaultValue = "" + HttpSettings.Limits.DEFAULT_HEADER_TIMEOUT_SECONDS,
            description = "Seconds a client may take to send its request line and headers (default: ${DEFAULT-VALUE}).")
    int headerTimeoutSeconds;

    @Option(names = "--max-connections", defaultValue = "" + HttpSettings.Limits.DEFAULT_MAX_CONNECTIONS,
            description = "Open connections in all; past it new ones wait (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-connections-per-address", defaultValue = "" + HttpSettings.Limits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            description = "Open connections from one client address (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerAddress;

    @Option(names = "--node-id", description = "Name of this node in the cluster (default: the host name).")
    String nodeId;

    @Option(names = "--models", split = ",", description = "Synthetic preset models to serve, e.g. tiny-chat,small "
            + "(presets: tiny, small, medium; a -suffix seeds different weights).")
    List<String> models = List.of();

    @Option(names = "--model-file", description = "A Llama GGUF file to serve (F32, F16, Q8_0, Q4_0); repeatable.")
    List<Path> modelFiles = List.of();

    @Option(names = "--weights", defaultValue = "Q8_0", description = "Weight type of preset models: F32, F16, Q8_0, Q4_0 "
            + "(default: ${DEFAULT-VALUE}).")
    WeightType weights;

    @Option(names = "--kv-memory", defaultValue = "256MiB", description = "KV cache pool size, allocated at start "
            + "(default: ${DEFAULT-VALUE}).")
    String kvMemory;

    @Option(names = "--kv-block-size", defaultValue = "16", description = "Tokens per KV block (default: ${DEFAULT-VALUE}).")
    int blockTokens;

    @Option(names = "--kv-isolation", defaultValue = "shared", description = "shared: one pool for all models; quota: "
            + "an equal share per model that others cannot take (default: ${DEFAULT-VALUE}).")
    String isolation;

    @Option(names = "--max-running", defaultValue = "16", description = "Sequences per model in the running batch "
            + "(default: ${DEFAULT-VALUE}).")
    int maxRunning;

    @Option(names = "--max-batch-tokens", defaultValue = "256", description = "Rows per forward pass (default: ${DEFAULT-VALUE}).")
    int maxBatchTokens;

    @Option(names = "--max-waiting", defaultValue = "256", description = "Queued requests per model before 503 "
            + "(default: ${DEFAULT-VALUE}).")
    int maxWaiting;

    @Option(names = "--cpus", description = "Cap the engine's compute at this many cores, as a container's CPU quota "
            + "would, so nodes sharing one host each keep their own capacity (game days); default: no cap.")
    Double cpus;

    @Option(names = "--warm-up", defaultValue = "20", description = "Longest warm-up in seconds before the node "
            + "serves: synthetic requests through every model until the kernels are compiled and rounds stop getting "
            + "faster; the node is WARMING (not ready) meanwhile; 0 serves at once (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--allow-faults", description = "Enable fault injection under /control/faults (game days, tests).")
    boolean allowFaults;

    @Option(names = "--control-token", defaultValue = "${env:FIREBREAK_CONTROL_TOKEN}",
            description = "Bearer token that guards /control/* changes (or env FIREBREAK_CONTROL_TOKEN).")
    String controlToken;

    @Spec
    CommandSpec spec;

    @Mixin
    OneLineErrors.VerboseFlag verbose = new OneLineErrors.VerboseFlag();

    @Mixin
    ParentWatch.ParentPidFlag parent = new ParentWatch.ParentPidFlag();

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        NodeOptions options;
        try {
            if (cpus != null && !(cpus > 0)) {
                throw new IllegalArgumentException("--cpus must be above 0, got " + cpus);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0-65535, got " + port);
            }
            for (String model : models) {
                try {
                    LoadedModel.presetOf(model);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--models: " + e.getMessage(), e);
                }
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            if (tlsClientCa != null && tlsCert == null) {
                throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key: client certificates are asked for over TLS only");
            }
            HttpSettings http = new HttpSettings(host, port, java.time.Duration.ofSeconds(idleTimeoutSeconds), 0,
                    tlsCert == null ? null : new HttpSettings.Tls(tlsCert, tlsKey, tlsClientCa), new HttpSettings.Limits(
                    java.time.Duration.ofSeconds(headerTimeoutSeconds), maxConnections, maxConnectionsPerAddress));
            options = new NodeOptions(http, nodeId != null ? nodeId : InetAddress.getLocalHost().getHostName(),
                    controlToken, models.isEmpty() && modelFiles.isEmpty() ? List.of("tiny") : models, modelFiles,
                    weights, bytes(kvMemory), blockTokens, isolation(isolation),
                    new SchedulerLimits(maxRunning, maxBatchTokens, maxWaiting), allowFaults,
                    cpus == null ? 0 : cpus, java.time.Duration.ofSeconds(warmUpSeconds));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        if (tlsCert != null) {
            // Read once here, before models load, so a bad file is named by its flag.
            PemKeys.identity(tlsCert, "--tls-cert", tlsKey, "--tls-key");
            if (tlsClientCa != null) {
                PemKeys.trustStore(tlsClientCa, "--tls-client-ca");
            }
        }
        Node node;
        try {
            node = Node.start(options);
        } catch (GgufException e) {
            throw new IOException("--model-file " + e.getMessage(), e);
        }
        ServiceProcess.runUntilStopped(() -> {
            System.getLogger(NodeMain.class.getName()).log(System.Logger.Level.INFO, "node={0} stopping", options.nodeId());
            node.close();
        }, parent.pid(), "firebreak-node " + options.nodeId() + " serving " + node.modelNames() + " " + LISTENING + node.baseUrl());
        return 0;
    }

    static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--kv-memory '" + text + "' is not a size like 512MiB or 2GiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (unit.isEmpty() ? ' ' : unit.charAt(0)) {
            case 'K' -> n << 10;
            case 'M' -> n << 20;
            case 'G' -> n << 30;
            default -> n;
        };
    }

    private static KvBlockPool.Isolation isolation(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "shared" -> KvBlockPool.Isolation.SHARED;
            case "quota" -> KvBlockPool.Isolation.QUOTA;
            default -> throw new IllegalArgumentException("--kv-isolation must be shared or quota, got '" + text + "'");
        };
    }

    public static void main(String[] args) {
        Programs.run(commandLine(), args);
    }

    /** The command line as {@code main} runs it; also what tests run in-process. */
    public static CommandLine commandLine() {
        return Programs.commandLine("firebreak-node", new NodeMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
