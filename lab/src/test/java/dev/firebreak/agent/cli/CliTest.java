package dev.firebreak.agent.cli;

import dev.firebreak.agent.AgentMain;
import dev.firebreak.lab.localcluster.StartedLocalCluster;
import dev.firebreak.node.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scripted command line against a real agent: output and exit codes. */
class CliTest {

    @RegisterExtension
    static final StartedLocalCluster local = StartedLocalCluster.of("cli", 2, "tiny-chat");

    private static CommandRun run(String token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--agent", local.cluster().agentUrl(), "--token", token));
        return runRaw(all.toArray(String[]::new));
    }

    private static CommandRun runRaw(String... args) {
        return CommandRun.of(AgentMain.commandLine(), args);
    }

    @Test
    void shouldPrintTheClusterStatus() {
        CommandRun r = run(local.cluster().viewerToken(), "status");
        assertThat(r.exit()).isEqualTo(Cli.OK);
        assertThat(r.out()).contains("cluster cli").contains("node-1").contains("node-2").contains("tiny-chat");
    }

    @Test
    void shouldDrainAndResumeWithExitCodeZeroAndShowItInTheAudit() {
        CommandRun drain = run(local.cluster().operatorToken(), "drain", "node-2", "--reason", "cli test", "--deadline", "5");
        assertThat(drain.exit()).as(drain.err()).isEqualTo(Cli.OK);
        assertThat(drain.out()).startsWith("DRAIN node-2").contains("audit");
        assertThat(run(local.cluster().operatorToken(), "resume", "node-2", "--reason", "cli test").exit()).isEqualTo(Cli.OK);

        CommandRun audit = run(local.cluster().viewerToken(), "audit", "--limit", "5");
        assertThat(audit.out()).contains("RESUME node-2").contains("DRAIN node-2").contains("cli test");
    }

    @Test
    void shouldExitFourWhenTheTokenMayNotAct() {
        CommandRun r = run(local.cluster().viewerToken(), "trip", "tiny-chat", "--node", "node-1", "--reason", "not allowed");
        assertThat(r.exit()).isEqualTo(Cli.REFUSED);
        assertThat(r.err()).contains("forbidden");
    }

    @Test
    void shouldExitOneWhenTheAgentRejectsTheAction() {
        CommandRun r = run(local.cluster().operatorToken(), "drain", "node-9", "--reason", "no such node");
        assertThat(r.exit()).isEqualTo(Cli.REJECTED);
        assertThat(r.err()).contains("no node 'node-9'");
    }

    @Test
    void shouldExitThreeWhenTheAgentIsUnreachable() {
        CommandRun r = runRaw("status", "--agent", "http://127.0.0.1:1", "--token", "whatever-token-123456");
        assertThat(r.exit()).isEqualTo(Cli.UNREACHABLE);
    }

    @Test
    void shouldExitTwoOnBadUsage() {
        CommandRun r = run(local.cluster().operatorToken(), "trip");
        assertThat(r.exit()).isEqualTo(2);
    }
}
