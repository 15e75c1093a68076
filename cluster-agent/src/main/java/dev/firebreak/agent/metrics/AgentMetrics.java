package dev.firebreak.agent.metrics;

import dev.firebreak.agent.api.Alert;
import dev.firebreak.agent.api.BreakerState;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.KeyStatus;
import dev.firebreak.agent.api.NodeHealth;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.node.http.Exchange;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The agent's own Prometheus metrics, served at {@code GET /metrics}: what its gateway, breakers,
 * scraper, detectors and action API did. Base units, {@code _total} counters, and the node's label
 * names ({@code model_name}, {@code node_id}) so one query can join the agent's and the nodes' series.
 */
public final class AgentMetrics {

    private static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            20.0, 40.0, 80.0};
    private static final double[] SCRAPE_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final Counter gatewayRequests = counter("firebreak_gateway_requests",
            "Calls the gateway sent to a node, by model and node.", "model_name", "node_id");
    private final Counter gatewayErrors = counter("firebreak_gateway_request_errors",
            "Calls to a node that failed, by model, node and reason.", "model_name", "node_id", "reason");
    private final Histogram gatewayLatency = Histogram.builder().name("firebreak_gateway_request_duration_seconds")
            .help("Time from sending a call to a node to the end of its complete answer.")
            .labelNames("model_name", "node_id").classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    private final Counter shed = counter("firebreak_gateway_shed_requests",
            "Requests refused with 429 because the model (and its fallbacks) had no capacity.", "model_name");
    private final Counter retries = counter("firebreak_gateway_retries",
            "Calls retried on another node after a failure, by model.", "model_name");
    private final Counter retryBudgetRejections = counter("firebreak_gateway_retry_budget_rejections",
            "Retries not made because the retry budget was spent, by model.", "model_name");
    private final Counter fallbacks = counter("firebreak_gateway_fallbacks",
            "Requests served by a fallback model, by requested and serving model.", "model_name", "fallback_model");
    private final Histogram scrapeDuration = Histogram.builder().name("firebreak_agent_scrape_duration_seconds")
            .help("Time a scrape of a node's status took, answered or not.")
            .labelNames("node_id").classicOnly().classicUpperBounds(SCRAPE_BUCKETS).register(registry);
    private final Counter scrapeFailures = counter("firebreak_agent_scrape_failures",
            "Scrapes of a node's status that failed, by node and reason.", "node_id", "reason");
    private final Counter findings = counter("firebreak_agent_findings",
            "Findings the detectors raised, by detector.", "detector");
    private final Counter actions = counter("firebreak_agent_actions",
            "Operator actions and expiries written to the audit log, by action and decision.", "action", "decision");
    private final Counter alertmanagerPosts = counter("firebreak_agent_alertmanager_posts",
            "Posts of alerts to an Alertmanager, by result: sent, refused (an HTTP error) or failed (no answer).", "result");
    private final Counter alertBatchesDropped = counter("firebreak_agent_alertmanager_dropped_batches",
            "Batches of alerts dropped because the queue to a slow or absent Alertmanager was full.");
    private final OpenIncidents openIncidents = new OpenIncidents(registry);
    private final SloEvents sloEvents = new SloEvents(registry);

    private final Set<FindingKey> activeFindings = new HashSet<>();
    /** The nodes of each model whose zero-valued series are started, so a call after the first looks them up no more. */
    private final Map<String, Set<String>> started = new ConcurrentHashMap<>();

    private record FindingKey(String detector, String node, String model) {
    }

    /**
     * @param breakers the gateway's breakers now, for the breaker state gauge
     * @param nodes the watched nodes now, for the node health gauge
     * @param alerts the detectors' findings in force now
     */
    public AgentMetrics(Supplier<List<BreakerView>> breakers, Supplier<List<NodeView>> nodes, Supplier<List<Alert>> alerts) {
        GaugeWithCallback.builder().name("firebreak_breaker_state")
                .help("1 for the state the breaker of a model on a node is in, 0 for the others.")
                .labelNames("model_name", "node_id", "state")
                .callback(cb -> breakers.get().forEach(b -> {
                    for (BreakerState s : BreakerState.values()) {
                        cb.call(b.state() == s ? 1 : 0, b.model(), b.nodeId(), label(s));
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("firebreak_agent_node_up")
                .help("1 while the agent's scrapes of the node answer, 0 when the agent holds it down.")
                .labelNames("node_id")
                .callback(cb -> nodes.get().forEach(n -> {
                    if (n.health() != NodeHealth.UNKNOWN) {
                        cb.call(n.health() == NodeHealth.UP ? 1 : 0, n.id());
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("firebreak_agent_findings_active")
                .help("Findings in force now, by detector.")
                .labelNames("detector")
                .callback(cb -> {
                    Map<String, Integer> byDetector = new TreeMap<>();
                    alerts.get().forEach(a -> byDetector.merge(a.kind(), 1, Integer::sum));
                    byDetector.forEach((detector, n) -> cb.call(n, detector));
                }).register(registry);
    }

    /** The gateway's refusals, as {@code firebreak_requests_rejected_total{status,code}} like a node's. */
    public void rejections(dev.firebreak.node.openai.RejectionCounts counts) {
        counts.registerIn(registry);
    }

    /** Usage per client API key on this replica, from {@code keys} at each scrape: {@code key_id} and {@code key_name}. */
    public void clientKeys(Supplier<List<KeyStatus>> keys) {
        CounterWithCallback.builder().name("firebreak_gateway_key_requests")
                .help("Gateway requests admitted under a client API key, by key.").labelNames("key_id", "key_name")
                .callback(cb -> keys.get().forEach(k -> cb.call(k.requests(), k.key().id(), k.key().name()))).register(registry);
        CounterWithCallback.builder().name("firebreak_gateway_key_tokens")
                .help("Prompt and completion tokens of the answers to a client API key, as the nodes reported them, by key.")
                .labelNames("key_id", "key_name")
                .callback(cb -> keys.get().forEach(k -> cb.call(k.tokens(), k.key().id(), k.key().name()))).register(registry);
        CounterWithCallback.builder().name("firebreak_gateway_key_rate_limited")
                .help("Requests refused with 429 rate_limit_exceeded because a client API key was over one of its limits.")
                .labelNames("key_id", "key_name")
                .callback(cb -> keys.get().forEach(k -> cb.call(k.rateLimited(), k.key().id(), k.key().name())))
                .register(registry);
        GaugeWithCallback.builder().name("firebreak_gateway_key_requests_in_flight")
                .help("Gateway requests of a client API key in flight now, by key.").labelNames("key_id", "key_name")
                .callback(cb -> keys.get().forEach(k -> cb.call(k.inFlight(), k.key().id(), k.key().name()))).register(registry);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The gateway sends a call for {@code model} to {@code node}. The model's and the pair's other
     * counters start at 0 with it, as Prometheus advises, so a rate over them exists before the first failure.
     */
    public void gatewayCall(String model, String node) {
        gatewayRequests.labelValues(model, node).inc();
        if (started.computeIfAbsent(model, m -> ConcurrentHashMap.newKeySet()).add(node)) {
            for (GatewayError reason : GatewayError.values()) {
                gatewayErrors.labelValues(model, node, reason.label());
            }
            shed.labelValues(model);
            retries.labelValues(model);
            retryBudgetRejections.labelValues(model);
        }
    }

    /** A call ended in a complete answer after {@code seconds}. */
    public void gatewayAnswered(String model, String node, double seconds) {
        gatewayLatency.labelValues(model, node).observe(seconds);
    }

    /** A call failed. */
    public void gatewayFailed(String model, String node, GatewayError reason) {
        gatewayErrors.labelValues(model, node, reason.label()).inc();
    }

    public void shed(String model) {
        shed.labelValues(model).inc();
    }

    public void retried(String model) {
        retries.labelValues(model).inc();
    }

    public void retryBudgetRejected(String model) {
        retryBudgetRejections.labelValues(model).inc();
    }

    public void fellBack(String requested, String served) {
        fallbacks.labelValues(requested, served).inc();
    }

    /** A scrape of {@code node} took {@code seconds} and answered a readable status. */
    public void scraped(String node, double seconds) {
        scrapeDuration.labelValues(node).observe(seconds);
        for (ScrapeFailure reason : ScrapeFailure.values()) {
            scrapeFailures.labelValues(node, reason.label());
        }
    }

    /** A scrape of {@code node} failed after {@code seconds}. */
    public void scrapeFailed(String node, double seconds, ScrapeFailure reason) {
        scrapeDuration.labelValues(node).observe(seconds);
        scrapeFailures.labelValues(node, reason.label()).inc();
    }

    /** Called after each detector run with the findings in force: each one not in force before counts once. */
    public synchronized void findingsInForce(List<Alert> inForce) {
        Set<FindingKey> now = new HashSet<>();
        for (Alert a : inForce) {
            FindingKey key = new FindingKey(a.kind(), a.node(), a.model());
            now.add(key);
            if (!activeFindings.contains(key)) {
                findings.labelValues(a.kind()).inc();
            }
        }
        activeFindings.clear();
        activeFindings.addAll(now);
    }

    /** One line written to the audit log: {@code action} as the audit names it, {@code decision} APPLIED, REJECTED or DENIED. */
    public void audited(String action, String decision) {
        String name = action == null || action.startsWith("(") ? "unknown" : action.toLowerCase(Locale.ROOT);
        actions.labelValues(name, decision == null ? "unknown" : decision.toLowerCase(Locale.ROOT)).inc();
    }

    /** One post of alerts to an Alertmanager ended: {@code sent}, {@code refused} or {@code failed}. */
    public void alertmanagerPost(String result) {
        alertmanagerPosts.labelValues(result).inc();
    }

    public void alertBatchDropped() {
        alertBatchesDropped.inc();
    }

    /** The open incidents gauge: absent from the scrape until incidents first report to it. */
    public OpenIncidents openIncidents() {
        return openIncidents;
    }

    public SloEvents sloEvents() {
        return sloEvents;
    }

    /** {@code GET /metrics}: the Prometheus text format. */
    public void scrape(Exchange exchange) throws IOException {
        exchange.send(200, PrometheusTextFormatWriter.CONTENT_TYPE, exposition());
    }

    /** Every metric now, in the Prometheus text format. */
    public byte[] exposition() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writer.write(body, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        return body.toByteArray();
    }
}
