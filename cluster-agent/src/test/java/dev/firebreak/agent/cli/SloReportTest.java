package dev.firebreak.agent.cli;

import dev.firebreak.agent.Agent;
import dev.firebreak.agent.AgentMain;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.config.AccessToken;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.ModelPolicy;
import dev.firebreak.agent.slo.SloMinute;
import dev.firebreak.agent.state.StateStore;
import dev.firebreak.agent.state.StateStores;
import dev.firebreak.agent.testing.Fixtures;
import dev.firebreak.node.testing.CommandRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code firebreak-agent slo-report} against a real agent whose state file holds two days of
 * November's SLO events: the CSV has one line per model and day with traffic and one for the month,
 * "no data" for a model without traffic; the PNG is a real image with the model's line drawn.
 */
class SloReportTest {

    private static final String TOKEN = "slo-report-token-0123456789";
    private static final long NOV_3 = Instant.parse("2026-11-03T10:00:00Z").toEpochMilli();
    private static final long NOV_4 = Instant.parse("2026-11-04T22:30:00Z").toEpochMilli();

    @TempDir
    static Path dir;
    private static Agent agent;

    @BeforeAll
    static void start() throws Exception {
        String state = dir.resolve("agent.db").toString();
        try (StateStore store = StateStores.open(state, Map.of())) {
            store.sloMinutes().add(List.of(new SloMinute(NOV_3, "tiny-chat", "node-1", 1000, 990, 990, 985),
                    new SloMinute(NOV_3 + 60_000, "tiny-chat", "", 10, 0, 0, 0),
                    new SloMinute(NOV_4, "tiny-chat", "node-1", 500, 500, 500, 500),
                    new SloMinute(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli(), "tiny-chat", "node-1", 7, 0, 0, 0)));
        }
        agent = Agent.start(new AgentConfig("report", new AgentConfig.Listen("127.0.0.1", 0), null, List.of(),
                List.of(new AccessToken("ops", Role.VIEWER, TOKEN)), null, List.of(new ModelPolicy("tiny-code", null, null)),
                state, null), InstantSource.system());
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(agent);
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(AgentMain.commandLine(), args);
    }

    @Test
    void shouldWriteTheMonthsCompliancePerModelAsCsvAndPng() throws IOException {
        Path out = dir.resolve("review");
        CommandRun run = run("slo-report", "--agent", agent.baseUrl(), "--token", TOKEN, "--month", "2026-11", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();

        assertThat(Files.readAllLines(out.resolve("slo-2026-11.csv"))).containsExactly(
                "model,period,requests,good,availability,availability_objective,timed,fast,latency_compliance,latency_objective,"
                        + "latency_threshold_ms",
                "tiny-chat,2026-11-03,1010,990,0.98020,0.99500,990,985,0.99495,0.99000,2000",
                "tiny-chat,2026-11-04,500,500,1.00000,0.99500,500,500,1.00000,0.99000,2000",
                "tiny-chat,2026-11,1510,1490,0.98675,0.99500,1490,1485,0.99664,0.99000,2000",
                "tiny-code,2026-11,0,0,no data,0.99500,0,0,no data,0.99000,2000");

        BufferedImage png = ImageIO.read(out.resolve("slo-2026-11.png").toFile());
        assertThat(png.getWidth()).isEqualTo(SloChart.WIDTH);
        assertThat(png.getHeight()).isEqualTo(SloChart.HEIGHT);
        long blue = 0;
        for (int x = 0; x < png.getWidth(); x++) {
            for (int y = 0; y < png.getHeight(); y++) {
                blue += (png.getRGB(x, y) & 0xffffff) == 0x1f77b4 ? 1 : 0;
            }
        }
        assertThat(blue).as("pixels of tiny-chat's colour: its points, its objective, its legend").isGreaterThan(100);
    }

    @Test
    void shouldRefuseAMonthThatIsNotOneAsBadUsage() {
        CommandRun run = run("slo-report", "--agent", agent.baseUrl(), "--token", TOKEN, "--month", "November");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--month 'November' is not a month such as 2026-11");
    }
}
