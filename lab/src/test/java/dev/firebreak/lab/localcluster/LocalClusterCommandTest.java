package dev.firebreak.lab.localcluster;

import dev.firebreak.lab.LabMain;
import dev.firebreak.node.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalClusterCommandTest {

    @Test
    void shouldRefuseZeroNodesWithOneLineNamingTheFlagBeforeWritingAnything(@TempDir Path dir) {
        Path work = dir.resolve("work");

        CommandRun run = CommandRun.of(LabMain.commandLine(), "local", "--nodes", "0", "--work-dir", work.toString());

        assertThat(run.exit()).isEqualTo(2);
        run.assertOneLineError("firebreak-lab", "--nodes", "1-16 nodes, got 0");
        assertThat(Files.exists(work)).isFalse();
    }
}
