package dev.firebreak.agent;

import dev.firebreak.node.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every mistake on the agent's command line ends in one line naming the flag, file or setting, and a non-zero exit. */
class AgentMainErrorsTest {

    private static final String CONFIG = """
            cluster: cli-errors
            listen:
              port: 0
            nodes:
              - id: node-1
                url: http://127.0.0.1:1/
                controlToken: "node-token-123456"
            access:
              - name: alice
                role: operator
                token: "alice-token-123456"
            """;

    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(AgentMain.commandLine(), args);
    }

    private static void assertOneLine(CommandRun run, String... mentions) {
        run.assertOneLineError("firebreak-agent", mentions);
    }

    @Test
    void shouldNameAPortOutOfRange() throws IOException {
        Path config = Files.writeString(dir.resolve("agent.yaml"), CONFIG);
        assertOneLine(run("serve", "--config", config.toString(), "--port", "99999"), "--port must be 0-65535, got 99999");
    }

    @Test
    void shouldSayWhichPortIsTakenWithoutAStackTrace() throws IOException {
        Path config = Files.writeString(dir.resolve("agent.yaml"), CONFIG);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertOneLine(run("serve", "--config", config.toString(), "--port", Integer.toString(taken.getLocalPort())),
                    "cannot listen on 127.0.0.1:" + taken.getLocalPort(), "in use");
        }
    }

    @Test
    void shouldPrintTheStackTraceOnlyWhenAskedToEvenAfterTheSubcommand() throws IOException {
        Path config = Files.writeString(dir.resolve("agent.yaml"), CONFIG);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CommandRun verbose = run("serve", "--config", config.toString(), "--port", Integer.toString(taken.getLocalPort()),
                    "--verbose");
            assertThat(verbose.exit()).isNotZero();
            assertThat(verbose.err()).contains("in use").contains("\tat ");
        }
    }

    @Test
    void shouldNameAScrapeTlsFileThatIsMissingOrNotPemAndWriteNothing() throws IOException {
        Path config = Files.writeString(dir.resolve("agent.yaml"), CONFIG + "scrape:\n  tls:\n    ca: tls/ca.pem\n");
        assertOneLine(run("serve", "--config", config.toString()), "scrape.tls.ca " + dir.resolve("tls/ca.pem") + ": no such file");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(config);
        }
        Files.createDirectories(dir.resolve("tls"));
        Files.writeString(dir.resolve("tls/ca.pem"), "not a certificate");
        assertOneLine(run("serve", "--config", config.toString()), "scrape.tls.ca " + dir.resolve("tls/ca.pem"),
                "not a PEM certificate");
        Files.writeString(config, CONFIG + "scrape:\n  tls:\n    key: agent-key.pem\n");
        assertOneLine(run("serve", "--config", config.toString()), "scrape.tls.key is set without scrape.tls.certificate");
    }

    @Test
    void shouldLeaveNoStateFilesBehindWhenTheAgentCannotStart() throws IOException {
        Path config = Files.writeString(dir.resolve("agent.yaml"), CONFIG + "stateFile: state/agent.db\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertOneLine(run("serve", "--config", config.toString(), "--port", Integer.toString(taken.getLocalPort())),
                    "in use");
        }
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(config);
        }
    }

    @Test
    void shouldRefuseABinaryConfigurationFileByName() throws IOException {
        Path binary = Files.write(dir.resolve("agent.yaml"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, 0x13});
        assertOneLine(run("serve", "--config", binary.toString()), binary.toString(), "not a text file");
    }

    @Test
    void shouldNameAnAgentUrlThatIsNotAUrl() {
        assertOneLine(run("status", "--agent", "not-a-url", "--token", "alice-token-123456"),
                "--agent (or FIREBREAK_AGENT_URL) 'not-a-url' is not an http:// or https:// URL");
    }
}
