package dev.firebreak.lab.localcluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM started from this JVM's own runtime and classpath. */
public record JavaCommand(List<String> jvmOptions, String mainClass, List<String> args) {

    public JavaCommand {
        jvmOptions = List.copyOf(jvmOptions);
        args = List.copyOf(args);
    }

    public List<String> toList() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
