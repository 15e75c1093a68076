package dev.firebreak.node;

import dev.firebreak.node.lifecycle.NodeLifecycle;
import dev.firebreak.node.process.Logs;
import dev.firebreak.node.process.ParentWatch;
import dev.firebreak.node.registry.ModelRegistry;
import dev.firebreak.node.server.ControlApi;
import dev.firebreak.node.server.NodeServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Starts one inference node: {@code firebreak-node --port 8100 --node-id node-1 --models tiny}. */
@Command(name = "firebreak-node", mixinStandardHelpOptions = true, version = "firebreak-node 0.1.0",
        description = "Serves models over the OpenAI API with a control endpoint, health and readiness.")
public final class NodeMain implements Callable<Integer> {

    /** The line a launcher waits for; the URL after "listening on" is where the node answers. */
    public static final String LISTENING = "listening on ";

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8100",
            description = "Port to bind; 0 picks a free one and prints it (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--node-id", description = "Name of this node in the cluster (default: the host name).")
    String nodeId;

    @Option(names = "--models", split = ",", defaultValue = "tiny",
            description = "Models to serve, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--control-token", defaultValue = "${env:FIREBREAK_CONTROL_TOKEN}",
            description = "Bearer token that guards /control/* changes (or env FIREBREAK_CONTROL_TOKEN).")
    String controlToken;

    @Option(names = "--parent-pid", hidden = true, description = "Exit when this process ends (set by launchers).")
    Long parentPid;

    @Override
    public Integer call() throws Exception {
        if (controlToken == null || controlToken.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "a control token is required: pass --control-token or set FIREBREAK_CONTROL_TOKEN");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port must be 0-65535, got " + port);
        }
        String id = nodeId != null ? nodeId : InetAddress.getLocalHost().getHostName();
        ModelRegistry registry;
        try {
            registry = ModelRegistry.of(models);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--models: " + e.getMessage());
        }
        InstantSource clock = InstantSource.system();
        NodeLifecycle lifecycle = new NodeLifecycle(clock, registry);
        ControlApi control = new ControlApi(id, controlToken, registry, lifecycle, clock);
        NodeServer server = NodeServer.start(host, port, control);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            System.getLogger(NodeMain.class.getName()).log(System.Logger.Level.INFO, "node={0} stopping", id);
            server.close();
            stopped.countDown();
        }));
        if (parentPid != null) {
            ParentWatch.exitWhenGone(parentPid);
        }
        System.out.println("firebreak-node " + id + " serving " + registry.names() + " " + LISTENING + server.baseUrl());
        System.out.flush();
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        Logs.configure();
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }
}
