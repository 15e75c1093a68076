package dev.firebreak.lab;

import dev.firebreak.lab.bench.GatewayCostCommand;
import dev.firebreak.lab.gameday.GameDayCommand;
import dev.firebreak.lab.loadgen.LoadCommand;
import dev.firebreak.lab.localcluster.LocalClusterCommand;
import dev.firebreak.lab.scale.ScaleBenchCommand;
import dev.firebreak.lab.simulator.SimulateCommand;
import dev.firebreak.node.process.OneLineErrors;
import dev.firebreak.node.process.Programs;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The lab's command line: a local cluster, traffic, game days; nothing of it ships with the agent. */
@Command(name = "firebreak-lab", mixinStandardHelpOptions = true, version = "firebreak-lab 0.1.0",
        description = "Test tooling for Firebreak: a local cluster, a load generator, the game-day harness and a node simulator.",
        subcommands = {LocalClusterCommand.class, LoadCommand.class, GameDayCommand.class, SimulateCommand.class,
                ScaleBenchCommand.class, GatewayCostCommand.class})
public final class LabMain {

    @CommandLine.Mixin
    OneLineErrors.VerboseFlag verbose = new OneLineErrors.VerboseFlag();

    public static void main(String[] args) {
        Programs.run(commandLine(), args);
    }

    /** The command line with every subcommand; also what tests run in-process. */
    public static CommandLine commandLine() {
        return Programs.commandLine("firebreak-lab", new LabMain());
    }
}
