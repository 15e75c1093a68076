package dev.firebreak.node.process;

import picocli.CommandLine;

/** What the {@code main} of every Firebreak program does with its command line, written once. */
public final class Programs {

    private Programs() {
    }

    /** {@code command}'s command line, its errors reported as one line headed {@code program} (see {@link OneLineErrors}). */
    public static CommandLine commandLine(String program, Object command) {
        OneLineErrors errors = new OneLineErrors(program);
        return new CommandLine(command).setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
    }

    /** Sets up logging, runs {@code commandLine} on {@code args} and exits with the status it returned. */
    public static void run(CommandLine commandLine, String[] args) {
        Logs.configure();
        System.exit(commandLine.execute(args));
    }
}
