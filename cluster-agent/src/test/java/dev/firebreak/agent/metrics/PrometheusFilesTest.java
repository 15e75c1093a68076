package dev.firebreak.agent.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.firebreak.agent.testing.Completions;
import dev.firebreak.agent.testing.StartedNodeAndAgent;
import dev.firebreak.agent.testing.Tools;
import dev.firebreak.node.http.Json;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.firebreak.agent.testing.Completions.HTTP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped Prometheus rules and Grafana dashboard, checked by the real promtool and against a
 * real scrape of a node and of an agent (both in this JVM, over real sockets): the rules are valid
 * and their unit tests pass, both expositions lint clean, and every metric the rules and the
 * dashboard read is one a node or the agent really serves, so renaming a metric breaks the build.
 */
class PrometheusFilesTest {

    private static final Path FILES = Path.of("").toAbsolutePath().getParent().resolve("packaging/prometheus");
    private static final String TOKEN = "prometheus-files-token";
    /** Series Prometheus makes itself for each target, not found in any exposition. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    /** The shipped rule files, each with its promtool unit tests beside it as NAME.test.yml. */
    private static final List<String> RULE_FILES = List.of("firebreak-rules.yml", "firebreak-slo-rules.yml");

    @RegisterExtension
    static final StartedNodeAndAgent cluster = StartedNodeAndAgent.openGateway("prometheus", TOKEN, "tiny-chat");
    private static String nodeScrape;
    private static String agentScrape;

    @BeforeAll
    static void start() throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> complete("tiny-chat") == 200);
        // A model no node serves does not exist here: 404, counted among the gateway's refusals, not shed.
        assertThat(complete("no-such-model")).isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).until(() -> get(cluster.agent().baseUrl() + "/metrics"),
                m -> m.contains("firebreak_agent_node_up{") && m.contains("firebreak_incidents_open{"));
        nodeScrape = get(cluster.node().baseUrl() + "/metrics");
        agentScrape = get(cluster.agent().baseUrl() + "/metrics");
    }

    @Test
    void shouldPassPromtoolCheckRules() throws Exception {
        Tools.Run run = promtool(new byte[0], java.util.stream.Stream.concat(java.util.stream.Stream.of("check", "rules"),
                RULE_FILES.stream()).toArray(String[]::new));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void shouldPassTheRulesUnitTestsInPromtool() throws Exception {
        Tools.Run run = promtool(new byte[0], java.util.stream.Stream.concat(java.util.stream.Stream.of("test", "rules"),
                RULE_FILES.stream().map(f -> f.replace(".yml", ".test.yml"))).toArray(String[]::new));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void shouldPassPromtoolCheckConfigOnTheExampleConfiguration() throws Exception {
        Tools.Run run = promtool(new byte[0], "check", "config", "prometheus.example.yml");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void shouldLintCleanTheNodesMetrics() throws Exception {
        Tools.Run run = promtool(nodeScrape.getBytes(StandardCharsets.UTF_8), "check", "metrics");
        assertThat(run.output()).as("promtool check metrics on the node's /metrics").isEmpty();
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void shouldLintCleanTheAgentsMetrics() throws Exception {
        Tools.Run run = promtool(agentScrape.getBytes(StandardCharsets.UTF_8), "check", "metrics");
        assertThat(run.output()).as("promtool check metrics on the agent's /metrics").isEmpty();
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void shouldReadOnlyMetricsARealNodeOrAgentServes() throws IOException {
        Set<String> served = new TreeSet<>(PROMETHEUS_OWN);
        served.addAll(names(nodeScrape));
        served.addAll(names(agentScrape));
        Set<String> recorded = new TreeSet<>();
        Map<String, Set<String>> read = new TreeMap<>();
        List<JsonNode> groups = new java.util.ArrayList<>();
        for (String file : RULE_FILES) {
            new ObjectMapper(new YAMLFactory()).readTree(FILES.resolve(file).toFile()).path("groups").forEach(groups::add);
        }
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("record")) {
                    recorded.add(rule.path("record").asText());
                }
                read.put("rule " + rule.path(rule.has("record") ? "record" : "alert").asText(),
                        PromQl.metricNames(rule.path("expr").asText()));
            }
        }
        JsonNode dashboard = Json.mapper().readTree(FILES.resolve("firebreak-dashboard.json").toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                read.put("panel " + panel.path("title").asText() + " " + target.path("refId").asText(),
                        PromQl.metricNames(target.path("expr").asText()));
            }
        }
        assertThat(read).as("rules and panels read").hasSizeGreaterThan(30);
        Map<String, Set<String>> unknown = new TreeMap<>();
        read.forEach((where, names) -> names.stream().filter(n -> !served.contains(n) && !recorded.contains(n))
                .forEach(n -> unknown.computeIfAbsent(where, w -> new TreeSet<>()).add(n)));
        assertThat(unknown).as("metric names no scrape serves (served: %s)", served).isEmpty();
        assertThat(read.values().stream().flatMap(Set::stream)).as("the agent's figures are read too")
                .contains("firebreak_gateway_requests_total", "firebreak_breaker_state", "firebreak_agent_node_up",
                        "firebreak_slo_events_total", "firebreak_slo_objective_ratio");
    }

    @Test
    void shouldCountTheGatewaysRefusalsByStatusAndCodeUnderTheNodesName() {
        assertThat(agentScrape).as("the unknown model sent at the start")
                .containsPattern("firebreak_requests_rejected_total\\{code=\"model_not_found\",status=\"404\"} [1-9]");
    }

    @Test
    void shouldCountTheGatewaysCallsAsTheyHappened() {
        assertThat(agentScrape).containsPattern("firebreak_gateway_requests_total\\{model_name=\"tiny-chat\",node_id=\"node-1\"} [1-9]")
                .as("a model's shed counter is there from its first call, before anything is shed")
                .containsPattern("firebreak_gateway_shed_requests_total\\{model_name=\"tiny-chat\"} 0")
                .contains("firebreak_gateway_request_errors_total{model_name=\"tiny-chat\",node_id=\"node-1\",reason=\"upstream_failed\"} 0.0")
                .containsPattern("firebreak_breaker_state\\{model_name=\"tiny-chat\",node_id=\"node-1\",state=\"[a-z_]+\"} 1")
                .contains("firebreak_agent_node_up{node_id=\"node-1\"} 1")
                .containsPattern("firebreak_agent_scrape_duration_seconds_count\\{node_id=\"node-1\"} [1-9]");
        assertThat(agentScrape).as("the live incidents, counted every second, every severity present")
                .containsPattern("firebreak_incidents_open\\{severity=\"critical\"} \\d")
                .containsPattern("firebreak_incidents_open\\{severity=\"warning\"} \\d");
    }

    @Test
    void shouldFindMetricNamesInPromQl() {
        assertThat(PromQl.metricNames("sum by (model_name, le) (rate(foo_bucket{job=~\"$x\",a='b'}[5m])) / on(instance) "
                + "group_left(node_id) bar > 0.9 and baz:rec:rate1m == bool 1"))
                .containsExactly("bar", "baz:rec:rate1m", "foo_bucket");
    }

    /** The metric names of every sample in a text exposition. */
    private static Set<String> names(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static Tools.Run promtool(byte[] stdin, String... args) throws IOException, InterruptedException {
        Path promtool = Tools.require("promtool", "prometheus");
        String[] command = new String[args.length + 1];
        command[0] = promtool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return Tools.run(FILES, stdin, command);
    }

    private static int complete(String model) {
        return Completions.status(HTTP, Completions.request(cluster.agent().baseUrl(), model, "hello", 4));
    }

    private static String get(String url) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
            assertThat(r.code()).as(url).isEqualTo(200);
            return r.body().string();
        }
    }
}
