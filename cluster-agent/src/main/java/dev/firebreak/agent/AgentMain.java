package dev.firebreak.agent;

import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.ConfigException;
import dev.firebreak.agent.config.ConfigLoader;
import dev.firebreak.agent.cli.Cli;
import dev.firebreak.agent.cli.KeysCli;
import dev.firebreak.node.process.OneLineErrors;
import dev.firebreak.node.process.ParentWatch;
import dev.firebreak.node.process.Programs;
import dev.firebreak.node.process.ServiceProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.firebreak.agent.state.StateStartException;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;

/** The agent's command line: {@code firebreak-agent serve --config agent.yaml}. */
@Command(name = "firebreak-agent", mixinStandardHelpOptions = true, version = "firebreak-agent 0.1.0",
        description = "Watches inference nodes and serves the Firebreak console API.",
        subcommands = {AgentMain.Serve.class, Cli.Status.class, Cli.Drain.class,
                Cli.Resume.class, Cli.Trip.class, Cli.Reset.class, Cli.Reroute.class, Cli.Audit.class, KeysCli.class,
                dev.firebreak.agent.cli.SloReport.class})
public final class AgentMain {

    @CommandLine.Mixin
    OneLineErrors.VerboseFlag verbose = new OneLineErrors.VerboseFlag();

    /** The line a launcher waits for; the URL after it is where the agent answers. */
    public static final String LISTENING = "listening on ";

    /** Runs the agent until SIGTERM. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Scrape the configured nodes and serve the API (flags override the file and environment).")
    static final class Serve implements Callable<Integer> {

        @Option(names = "--config", required = true, defaultValue = "${env:FIREBREAK_AGENT_CONFIG}",
                description = "YAML configuration file (or env FIREBREAK_AGENT_CONFIG).")
        Path config;

        @Option(names = "--host", description = "Address to bind (overrides listen.host).")
        String host;

        @Option(names = "--port", description = "Port to bind, 0 for a free one (overrides listen.port).")
        Integer port;

        @Option(names = "--state", description = "State store: a SQLite file, or postgresql://host:port/db?user=NAME "
                + "shared by replicas (password in env FIREBREAK_STATE_PASSWORD or FIREBREAK_STATE_PASSWORD_FILE).")
        String state;

        @CommandLine.Mixin
        ParentWatch.ParentPidFlag parent = new ParentWatch.ParentPidFlag();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (port != null && (port < 0 || port > 65_535)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0-65535, got " + port);
            }
            AgentConfig loaded;
            try {
                loaded = ConfigLoader.load(config, System.getenv());
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("firebreak-agent: " + e.getMessage());
                return OneLineErrors.FAILED;
            }
            AgentConfig.Listen listen = loaded.listen();
            if (host != null) {
                listen = listen.withHost(host);
            }
            if (port != null) {
                listen = listen.withPort(port);
            }
            AgentConfig effective = loaded.withListen(listen);
            if (state != null) {
                effective = effective.withStateFile(state);
            }
            Agent agent;
            try {
                agent = Agent.start(effective, InstantSource.system());
            } catch (StateStartException e) {
                System.err.println("firebreak-agent: " + e.getMessage());
                return 2;
            }
            ServiceProcess.runUntilStopped(agent::close, parent.pid(), "firebreak-agent " + effective.cluster() + " watching "
                    + effective.nodes().size() + " nodes " + LISTENING + agent.baseUrl());
            return 0;
        }
    }

    public static void main(String[] args) {
        Programs.run(commandLine(), args);
    }

    /** The command line with every subcommand; also what tests run in-process. */
    public static CommandLine commandLine() {
        return Programs.commandLine("firebreak-agent", new AgentMain());
    }
}
