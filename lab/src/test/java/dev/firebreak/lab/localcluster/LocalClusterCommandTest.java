package dev.firebreak.lab.localcluster;

import dev.firebreak.lab.LabMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalClusterCommandTest {

    @Test
    void shouldRefuseZeroNodesWithOneLineNamingTheFlagBeforeWritingAnything(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = LabMain.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()));
        Path work = dir.resolve("work");

        int exit = cli.execute("local", "--nodes", "0", "--work-dir", work.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip().lines()).as(err.toString()).hasSize(1);
        assertThat(err.toString()).startsWith("firebreak-lab: ").contains("--nodes", "1-16 nodes, got 0")
                .doesNotContain("Exception", "\tat ");
        assertThat(Files.exists(work)).isFalse();
    }
}
