package dev.firebreak.app;

import dev.firebreak.node.process.Logs;
import javafx.application.Application;
import picocli.CommandLine;

import java.util.List;

/** Starts the console. Not an {@link Application} itself, so JavaFX on the classpath just works. */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        Logs.configure();
        String[] given = ConsoleOptions.nonBlank(List.of(args));
        CommandLine commandLine = ConsoleOptions.commandLine();
        try {
            if (CommandLine.printHelpIfRequested(commandLine.parseArgs(given))) {
                return;
            }
            ConsoleOptions.from(commandLine);
        } catch (CommandLine.ParameterException e) {
            System.err.println("firebreak-console: " + e.getMessage());
            commandLine.usage(System.err);
            System.exit(2);
        }
        Application.launch(ConsoleApp.class, given);
    }
}
