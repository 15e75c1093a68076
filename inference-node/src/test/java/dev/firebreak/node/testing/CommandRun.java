package dev.firebreak.node.testing;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** One run of a program's command line in this JVM, as a person at a terminal sees it: the exit status and what it printed. */
public record CommandRun(int exit, String out, String err) {

    /** Runs {@code commandLine} on {@code args}, keeping what it prints to standard output and to standard error. */
    public static CommandRun of(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new CommandRun(exit, out.toString(), err.toString());
    }

    /** Asserts the run failed with one line, headed {@code program: }, naming each of {@code mentions}, and no stack trace. */
    public void assertOneLineError(String program, String... mentions) {
        assertThat(exit).isNotZero();
        assertThat(err.strip().lines()).as(err).hasSize(1);
        assertThat(err).startsWith(program + ": ").contains(mentions).doesNotContain("\tat ", "Exception");
    }
}
