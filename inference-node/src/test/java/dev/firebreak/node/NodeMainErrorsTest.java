package dev.firebreak.node;

import dev.firebreak.node.testing.TestCertificates;
import dev.firebreak.node.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every mistake on the node's command line ends in one line naming the flag or file, and a non-zero exit. */
class NodeMainErrorsTest {

    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("--control-token", "node-errors-token", "--warm-up", "0",
                "--kv-memory", "16MiB"));
        all.addAll(List.of(args));
        return CommandRun.of(NodeMain.commandLine(), all.toArray(String[]::new));
    }

    private static void assertOneLine(CommandRun run, String... mentions) {
        run.assertOneLineError("firebreak-node", mentions);
    }

    @Test
    void shouldNameAPresetThatDoesNotExist() {
        assertOneLine(run("--models", "nonexistent"), "--models", "no preset 'nonexistent'", "tiny, small, medium");
    }

    @Test
    void shouldNameAModelFileThatIsMissingOrNotGguf() throws IOException {
        assertOneLine(run("--model-file", "/nonexistent/model.gguf"), "--model-file", "/nonexistent/model.gguf", "no such file");
        Path notGguf = Files.writeString(dir.resolve("notes.txt"), "just some text, not a model");
        assertOneLine(run("--model-file", notGguf.toString()), "--model-file", notGguf.toString(), "not a GGUF file");
    }

    @Test
    void shouldNameAClientCaThatIsMissingOrNotPemOrWithoutTls() throws IOException {
        TestCertificates.Pair server = TestCertificates.ca(dir.resolve("ca"), "Test CA").server("node-1");
        String cert = server.certificate().toString();
        String key = server.key().toString();
        assertOneLine(run("--tls-client-ca", cert), "--tls-client-ca needs --tls-cert and --tls-key");
        Path missing = dir.resolve("missing-ca.pem");
        assertOneLine(run("--tls-cert", cert, "--tls-key", key, "--tls-client-ca", missing.toString()),
                "--tls-client-ca " + missing + ": no such file");
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "just some text, not a certificate");
        assertOneLine(run("--tls-cert", cert, "--tls-key", key, "--tls-client-ca", notPem.toString()),
                "--tls-client-ca " + notPem, "PEM certificate");
        assertOneLine(run("--tls-cert", cert, "--tls-key", cert), "--tls-key " + cert + " is not a PEM PKCS#8 private key");
    }

    @Test
    void shouldSayWhichPortIsTakenWithoutAStackTrace() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertOneLine(run("--models", "tiny", "--port", Integer.toString(taken.getLocalPort())),
                    "cannot listen on 127.0.0.1:" + taken.getLocalPort(), "in use");
        }
    }

    @Test
    void shouldNameABadFlagValueInOneLine() {
        assertOneLine(run("--port", "99999"), "--port must be 0-65535, got 99999");
        assertOneLine(run("--kv-isolation", "odd"), "--kv-isolation must be shared or quota, got 'odd'");
    }

    @Test
    void shouldPrintTheStackTraceOnlyWhenAskedTo() {
        CommandRun verbose = run("--verbose", "--model-file", "/nonexistent/model.gguf");
        assertThat(verbose.exit()).isNotZero();
        assertThat(verbose.err()).contains("firebreak-node: --model-file").contains("\tat ");
    }
}
