package dev.firebreak.node.process;

import picocli.CommandLine;

/**
 * How a Firebreak command line reports a bad flag or a failure while it runs (a model that cannot
 * be loaded, a port in use): one line, {@code program: what was wrong}, and exit status 2; the
 * stack trace only with {@code --verbose}, for whoever debugs it.
 */
public final class OneLineErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    /** The flag that asks for stack traces. */
    public static final String VERBOSE = "--verbose";
    public static final int FAILED = 2;

    /** {@value #VERBOSE} as a mixin, for a command and every subcommand of it: the handler reads the raw arguments. */
    public static final class VerboseFlag {
        @CommandLine.Option(names = VERBOSE, scope = CommandLine.ScopeType.INHERIT,
                description = "Print the stack trace of an error, not only its one line.")
        boolean verbose;
    }

    private final String program;

    public OneLineErrors(String program) {
        this.program = program;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        var err = commandLine.getErr();
        err.println(program + ": " + message(e));
        if (parseResult.originalArgs().contains(VERBOSE)) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        var err = e.getCommandLine().getErr();
        err.println(program + ": " + e.getMessage() + " (see --help)");
        if (java.util.Arrays.asList(args).contains(VERBOSE)) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /** The exception's own message, or its cause's when it has none, or its type as a last resort. */
    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
