package dev.firebreak.agent.config;

import dev.firebreak.agent.api.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.firebreak.agent.config.ConfigFiles.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static final String VALID = """
            cluster: prod-eu
            listen:
              port: 9000
            scrape:
              intervalMillis: 200
            nodes:
              - id: node-1
                url: http://node-1.example.internal:8100/
                controlToken: "node-token"
            access:
              - name: alice
                role: operator
                token: "alice-token-0123456789"
              - name: wall-screen
                role: VIEWER
                token: "viewer-token-0123456789"
            """;

    @TempDir
    Path dir;

    @Test
    void shouldReadAFileAndFillDefaults() throws Exception {
        AgentConfig config = ConfigLoader.load(write(VALID), Map.of());

        assertThat(config.cluster()).isEqualTo("prod-eu");
        assertThat(config.listen().host()).isEqualTo("127.0.0.1");
        assertThat(config.listen().port()).isEqualTo(9000);
        assertThat(config.scrape().intervalMillis()).isEqualTo(200);
        assertThat(config.scrape().downAfterMillis()).isEqualTo(1000);
        assertThat(config.nodes().getFirst().url()).isEqualTo("http://node-1.example.internal:8100");
        assertThat(config.access()).extracting(AccessToken::role).containsExactly(Role.OPERATOR, Role.VIEWER);
    }

    @Test
    void shouldLoadTheShippedExample() throws Exception {
        AgentConfig config = ConfigLoader.load(Path.of("config/agent.example.yaml"), Map.of());

        assertThat(config.nodes()).hasSize(2);
        assertThat(config.listen().port()).isEqualTo(8200);
        assertThat(config.gateway().breaker()).as("the example documents the defaults").isEqualTo(BreakerConfig.defaults());
    }

    @Test
    void shouldLetTheEnvironmentOverrideTheFile() throws Exception {
        AgentConfig config = ConfigLoader.load(write(VALID),
                Map.of("FIREBREAK_AGENT_PORT", "9100", "FIREBREAK_AGENT_HOST", "0.0.0.0"));

        assertThat(config.listen().port()).isEqualTo(9100);
        assertThat(config.listen().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void shouldNameTheFileAndTheUnknownSetting() throws IOException {
        Path file = write(VALID.replace("intervalMillis", "intervalMilis"));

        assertRefused(file, file.toString(), "unknown setting 'intervalMilis'", "scrape");
    }

    @Test
    void shouldRefuseAConfigWithoutAccessTokens() throws IOException {
        Path file = write(VALID.substring(0, VALID.indexOf("access:")));

        assertRefused(file, file.toString(), "access: at least one token");
    }

    @Test
    void shouldReadTheAlertmanagersAndRefuseOneWithoutAUsableUrl() throws Exception {
        AgentConfig config = ConfigLoader.load(write(VALID + "alerting:\n  alertmanagers: [\"http://am-1:9093/\"]\n"), Map.of());
        assertThat(config.alerting().alertmanagers()).containsExactly("http://am-1:9093");
        assertThat(config.alerting().resendSeconds()).isEqualTo(30);
        assertThat(ConfigLoader.load(Path.of("config/agent.example.yaml"), Map.of()).alerting().alertmanagers()).isEmpty();

        Path file = write(VALID + "alerting:\n  alertmanagers: [\"am-1:9093\"]\n");
        assertRefused(file, "alerting: 'am-1:9093' is not an http(s) URL");
        Path slow = write(VALID + "alerting:\n  resendSeconds: 600\n");
        assertRefused(slow, "alerting.resendSeconds must be 1-60");
    }

    @Test
    void shouldGiveEveryModelTheDefaultObjectivesAndReadAModelsOwn() throws Exception {
        SloConfig.Objective plain = ConfigLoader.load(write(VALID), Map.of()).slo().objective("tiny-chat");
        assertThat(plain).isEqualTo(new SloConfig.Objective("tiny-chat", 28L * 86_400_000, 0.995, 2_000, 0.99, true));
        AgentConfig config = ConfigLoader.load(write(VALID + """
                slo:
                  window: 7d
                  countShed: false
                  models:
                    - model: tiny-chat
                      availability: 99.9
                      latencyThreshold: 1500ms
                """), Map.of());
        assertThat(config.slo().objective("tiny-chat")).isEqualTo(new SloConfig.Objective("tiny-chat", 7L * 86_400_000, 0.999, 1_500,
                0.99, false));
        assertThat(config.slo().objective("other").availability()).isEqualTo(0.995);
        assertThat(ConfigLoader.load(Path.of("config/agent.example.yaml"), Map.of()).slo().objective("m").windowMillis())
                .isEqualTo(28L * 86_400_000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "availability: 100.5|slo.availability must be a percentage above 0 and below 100",
            "availability: -1|slo.availability must be a percentage above 0 and below 100",
            "window: 0d|slo.window must be longer than 0, got '0d'",
            "window: 28|slo.window needs a duration with its unit",
            "latencyThreshold: 2|slo.latencyThreshold needs a duration with its unit (ms, s, m, h or d) such as 2s or 28d, got '2'",
            "models: [{model: m, latency: 100}]|slo.models[m].latency must be a percentage above 0 and below 100",
            "models: [{model: m}, {model: m}]|slo.models: 'm' is listed twice"})
    void shouldRefuseAnImpossibleObjectiveInOneLineNamingTheSetting(String setting, String message) throws IOException {
        Path file = write(VALID + "slo:\n  " + setting + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void shouldRefuseANodeWithoutAUsableUrl() throws IOException {
        Path file = write(VALID.replace("http://node-1.example.internal:8100/", "node-1.example.internal:8100"));

        assertRefused(file, "nodes[node-1].url 'node-1.example.internal:8100' must be http(s)://host:port");
    }

    @Test
    void shouldRefuseAShortToken() throws IOException {
        Path file = write(VALID.replace("alice-token-0123456789", "short"));

        assertRefused(file, "access[alice].token must be at least 16 characters");
    }

    @Test
    void shouldRefuseAnUnknownRole() throws IOException {
        Path file = write(VALID.replace("role: operator", "role: admin"));

        assertRefused(file, file.toString(), "admin");
    }

    @Test
    void shouldRefuseABadPortFromTheEnvironment() throws IOException {
        Path file = write(VALID);

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of("FIREBREAK_AGENT_PORT", "http")))
                .hasMessageContaining("FIREBREAK_AGENT_PORT 'http' is not a number");
    }

    @Test
    void shouldRefuseAFallbackChainThatLoops() throws IOException {
        Path file = write(VALID + """
                models:
                  - name: a
                    fallback: b
                  - name: b
                    fallback: a
                """);

        assertRefused(file, "fallback chain of 'a' loops back");
    }

    @Test
    void shouldRefuseAnImpossibleKvThreshold() throws IOException {
        Path file = write(VALID + "gateway:\n  kvThreshold: 1.5\n");

        assertRefused(file, "gateway.kvThreshold");
    }

    @Test
    void shouldReadThePerNodeLimitAndRefuseZero() throws Exception {
        assertThat(ConfigLoader.load(write(VALID + "gateway:\n  maxConcurrentPerNode: 4\n"), Map.of()).gateway()
                .maxConcurrentPerNode()).isEqualTo(4);
        Path zero = write(VALID + "gateway:\n  maxConcurrentPerNode: 0\n");

        assertRefused(zero, "gateway.maxConcurrentPerNode");
    }

    @Test
    void shouldGiveTheBreakerItsDefaultsWhenTheFileNamesNone() throws Exception {
        BreakerConfig breaker = ConfigLoader.load(write(VALID), Map.of()).gateway().breaker();

        assertThat(breaker).isEqualTo(new BreakerConfig(50f, 80f, 30_000L, 20, 5, 5_000L, 2, 30_000L, 1, 20_000L, 60_000L, 3));
    }

    @Test
    void shouldReadBreakerSettingsAndDefaultTheRest() throws Exception {
        Path file = write(VALID + """
                gateway:
                  breaker:
                    failureRateThreshold: 25
                    waitDurationInOpenStateMillis: 10000
                """);

        BreakerConfig breaker = ConfigLoader.load(file, Map.of()).gateway().breaker();

        assertThat(breaker.failureRateThreshold()).isEqualTo(25f);
        assertThat(breaker.waitDurationInOpenStateMillis()).isEqualTo(10_000);
        assertThat(breaker.slidingWindowSize()).isEqualTo(20);
    }

    @Test
    void shouldNameTheBreakerSettingThatIsOutOfRange() throws IOException {
        Path file = write(VALID + "gateway:\n  breaker:\n    failureRateThreshold: 150\n");

        assertRefused(file, file.toString(), "gateway.breaker.failureRateThreshold must be above 0 and at most 100, got 150.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "quietPeriodMillis: 3600001  | gateway.breaker.quietPeriodMillis must be 0-3600000, got 3600001",
            "findingRaiseChecks: 0       | gateway.breaker.findingRaiseChecks must be 1-60, got 0",
            "findingClearMillis: 500     | gateway.breaker.findingClearMillis must be at least 1000 (one check), got 500",
            "findingMinHoldMillis: -1    | gateway.breaker.findingMinHoldMillis must be at least 0, got -1"})
    void shouldNameTheHoldSettingThatIsOutOfRange(String setting, String message) throws IOException {
        Path file = write(VALID + "gateway:\n  breaker:\n    " + setting.strip() + "\n");

        assertRefused(file, message);
    }

    @Test
    void shouldRefuseMoreMinimumCallsThanTheWindowHolds() throws IOException {
        Path file = write(VALID + "gateway:\n  breaker:\n    slidingWindowSize: 4\n    minimumNumberOfCalls: 5\n");

        assertRefused(file, "gateway.breaker.minimumNumberOfCalls must be 1 to slidingWindowSize (4), got 5");
    }

    @Test
    void shouldReadConnectionLimitsAndNameTheOneThatCannotHold() throws Exception {
        Path file = write(VALID.replace("  port: 9000\n", "  port: 9000\n  connections:\n    headerTimeoutSeconds: 5\n"
                + "    maxPerAddress: 64\n"));
        var limits = ConfigLoader.load(file, Map.of()).listen().http().limits();
        assertThat(limits.headerTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(limits.maxConnectionsPerAddress()).isEqualTo(64);
        assertThat(limits.maxConnections()).as("the default").isEqualTo(4096);

        Path wrong = write(VALID.replace("  port: 9000\n", "  port: 9000\n  connections:\n    max: 10\n    maxPerAddress: 20\n"));
        assertRefused(wrong, "listen.connections: connections per address (20) cannot be more than connections in all (10)");
    }

    @Test
    void shouldLoadTheShippedServerConfiguration() throws Exception {
        AgentConfig config = ConfigLoader.load(Path.of("../packaging/server/agent/agent.yaml"), Map.of());

        assertThat(config.gateway().breaker()).isEqualTo(BreakerConfig.defaults());
    }

    @Test
    void shouldPutTheStateFileNextToTheConfiguration() throws Exception {
        AgentConfig config = ConfigLoader.load(write(VALID), Map.of());

        assertThat(Path.of(config.stateFile())).isEqualTo(dir.resolve("firebreak-agent.db").toAbsolutePath());
    }

    @Test
    void shouldSayWhenTheFileIsMissing() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .hasMessage(missing + ": no such file");
    }

    @Test
    void shouldNeverPrintTokensInToString() throws Exception {
        AgentConfig config = ConfigLoader.load(write(VALID), Map.of());

        assertThat(config.toString()).doesNotContain("alice-token").doesNotContain("node-token");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
