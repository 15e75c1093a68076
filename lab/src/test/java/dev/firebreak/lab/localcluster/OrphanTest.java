package dev.firebreak.lab.localcluster;

import dev.firebreak.lab.LabMain;
import dev.firebreak.node.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A local cluster whose launcher is killed with SIGKILL leaves no process behind. */
class OrphanTest {

    @TempDir
    Path workDir;

    @Test
    void shouldLeaveNoChildAliveWhenTheLauncherIsKilled() throws Exception {
        Path log = workDir.resolve("launcher.log");
        Process launcher = new ProcessBuilder(new JavaCommand(List.of("-XX:+UseSerialGC"), LabMain.class.getName(),
                List.of("local", "--nodes", "2", "--work-dir", workDir.toString())).toList())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<Long> children = new ArrayList<>();
        try {
            Path description = workDir.resolve("cluster.json");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(description) || !launcher.isAlive());
            assertThat(launcher.isAlive()).as("launcher running; its output: %s", Files.readString(log)).isTrue();
            var cluster = Json.mapper().readValue(description.toFile(), LocalClusterCommand.Description.class);
            children.add(cluster.agentPid());
            cluster.nodes().forEach(n -> children.add(n.pid()));
            assertThat(children).allMatch(OrphanTest::alive);

            launcher.destroyForcibly();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(children).as("children of the killed launcher").noneMatch(OrphanTest::alive));
        } finally {
            launcher.destroyForcibly();
            children.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive();
    }
}
