package dev.firebreak.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * What the console was asked to watch: an agent (URL and token), or, with none given, a local
 * cluster it starts itself.
 */
public record ConsoleOptions(String agentUrl, String token, int localNodes, java.nio.file.Path configDir) {

    /** Options with the settings in the user's usual config directory. */
    public ConsoleOptions(String agentUrl, String token, int localNodes) {
        this(agentUrl, token, localNodes, null);
    }

    public ConsoleOptions {
        if (agentUrl != null && (token == null || token.isBlank())) {
            throw new IllegalArgumentException("--agent needs a token: pass --token or set FIREBREAK_TOKEN");
        }
        if (agentUrl != null) {
            try {
                dev.firebreak.agent.client.Replicas.parse(agentUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--agent: " + e.getMessage());
            }
        }
        if (localNodes < 1 || localNodes > 16) {
            throw new IllegalArgumentException("--local-nodes must be 1-16, got " + localNodes);
        }
    }

    /** The settings directory to use. */
    public java.nio.file.Path settingsDirectory() {
        return configDir != null ? configDir : dev.firebreak.app.settings.SettingsStore.defaultDirectory();
    }

    /** The command line, parsed by picocli: {@code firebreak-console [--agent URL --token T] [--local-nodes N]}. */
    @Command(name = "firebreak-console", mixinStandardHelpOptions = true, version = "firebreak-console 0.1.0",
            description = "The Firebreak control room. With no --agent it starts a local cluster and watches it.")
    static final class Flags {
        @Option(names = "--agent", defaultValue = "${env:FIREBREAK_AGENT_URL}",
                description = "Agent URL, e.g. http://agent.example.internal:8200, or the replicas of one agent, "
                        + "URL,URL,...: the console watches one and fails over to the next (or env FIREBREAK_AGENT_URL).")
        String agentUrl;

        @Option(names = "--token", defaultValue = "${env:FIREBREAK_TOKEN}",
                description = "Bearer token for the agent (or env FIREBREAK_TOKEN).")
        String token;

        @Option(names = "--config-dir", description = "Where settings and tokens are kept (default: the user's config directory, e.g. ~/.config/firebreak).")
        java.nio.file.Path configDir;

        @Option(names = "--local-nodes", defaultValue = "3",
                description = "Nodes of the local cluster when no agent is given (default: ${DEFAULT-VALUE}).")
        int localNodes;
    }

    /**
     * Parses the command line. Blank arguments are ignored (a launcher passing an empty
     * placeholder is not an error).
     *
     * @throws CommandLine.ParameterException with a message for a person
     */
    public static ConsoleOptions parse(List<String> args) {
        CommandLine commandLine = commandLine();
        commandLine.parseArgs(nonBlank(args));
        return from(commandLine);
    }

    /** A parser for the console's flags; {@link #from} turns its result into options. */
    static CommandLine commandLine() {
        return new CommandLine(new Flags());
    }

    static ConsoleOptions from(CommandLine parsed) {
        Flags flags = parsed.getCommand();
        try {
            return new ConsoleOptions(blankToNull(flags.agentUrl), flags.token, flags.localNodes, flags.configDir);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(parsed, e.getMessage());
        }
    }

    static String[] nonBlank(List<String> args) {
        return args.stream().filter(a -> !a.isBlank()).toArray(String[]::new);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "ConsoleOptions[agentUrl=" + agentUrl + ", localNodes=" + localNodes + "]";
    }

}
