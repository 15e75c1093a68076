package dev.firebreak.lab.loadgen;

import dev.firebreak.agent.cli.Cli;
import dev.firebreak.lab.LabMain;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code firebreak-lab load} end to end against a mock server. */
class LoadCommandTest {

    @Test
    void shouldPrintProgressAndASummaryAndWriteEverySecondAsCsv(@TempDir Path dir) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(200)
                            .body("{\"choices\":[{\"index\":0,\"text\":\"x\",\"finish_reason\":\"length\"}]}").build();
                }
            });
            server.start(0);
            Path csv = dir.resolve("out.csv");
            StringWriter out = new StringWriter();
            CommandLine cli = LabMain.commandLine().setOut(new PrintWriter(out));
            int code = cli.execute("load", "--target", server.url("/").toString(), "--rate", "tiny-chat=40",
                    "--rate", "tiny-code=20", "--duration", "2s", "--stream-share", "0", "--csv", csv.toString());
            assertThat(code).isEqualTo(Cli.OK);
            assertThat(out.toString()).contains("in flight", "tiny-chat", "tiny-code", "ttft p99", "every second written");
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.getFirst()).isEqualTo(SeriesCsv.HEADER);
            assertThat(lines).anyMatch(l -> l.startsWith("0,") && l.contains(",tiny-chat,"))
                    .anyMatch(l -> l.startsWith("1,") && l.contains(",tiny-code,"));
        }
    }

    @Test
    void shouldExitWithOneWhenRequestsFailAndTwoOnABadRate() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = LabMain.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("load", "--target", "http://127.0.0.1:1", "--rate", "m=-1")).isEqualTo(2);
        assertThat(err.toString()).contains("rate for m must be 0-10000");
        assertThat(cli.execute("load", "--target", "http://127.0.0.1:1", "--rate", "m=20", "--duration", "500ms"))
                .isEqualTo(Cli.REJECTED);
    }
}
