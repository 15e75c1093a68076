package dev.firebreak.agent.actions;

import dev.firebreak.agent.client.AgentException;
import dev.firebreak.agent.overrides.Overrides;
import dev.firebreak.agent.client.NodeControlClient;
import dev.firebreak.agent.api.Principal;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionResult;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.OverrideView;
import dev.firebreak.agent.api.Role;
import dev.firebreak.agent.config.AgentConfig;
import dev.firebreak.agent.config.NodeConfig;
import dev.firebreak.agent.gateway.Breakers;
import dev.firebreak.agent.access.Access;
import dev.firebreak.agent.audit.AuditedChange;
import dev.firebreak.agent.incidents.IncidentException;
import dev.firebreak.agent.incidents.IncidentLog;
import dev.firebreak.agent.incidents.Incidents;
import dev.firebreak.agent.state.StateStore;
import dev.firebreak.agent.state.StoreFailures;
import dev.firebreak.node.api.ControlResult;
import dev.firebreak.node.api.DrainDeadline;
import dev.firebreak.agent.api.NodeKind;
import dev.firebreak.agent.drain.GatewayDrains;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;
import dev.firebreak.node.http.Json;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/actions} and {@code GET /api/v1/audit}: operator actions with a reason and an
 * idempotency key, applied, written to the durable audit log (refused attempts too), and answered
 * with the audit id. Overrides survive an agent restart and end by themselves at their expiry.
 * With replicas sharing the store, {@link #sync()} brings this agent's overrides and forced
 * breakers to what the store holds; while the store is down, routing goes on with what was known.
 */
public final class ActionsApi {

    private static final int MAX_BODY = 8192;
    private static final System.Logger LOG = System.getLogger(ActionsApi.class.getName());

    private final AgentConfig config;
    private final Supplier<List<NodeConfig>> nodes;
    private final Predicate<String> knownModel;
    private final Access access;
    private final StateStore store;
    private final Overrides overrides;
    private final Breakers breakers;
    private final InstantSource clock;
    private final Consumer<ClusterEvent> events;
    private final GatewayDrains drains;
    private volatile Consumer<AuditEntry> audited = entry -> { };
    private final OkHttpClient http;
    private volatile Incidents incidents;

    /**
     * @param nodes  the nodes watched now: the configured ones and those discovery found
     * @param drains where drains of engines without a drain endpoint are kept
     * @param toNodes the agent's client for nodes (see {@code NodeTls}), for their control calls
     */
    public ActionsApi(AgentConfig config, Supplier<List<NodeConfig>> nodes, Predicate<String> knownModel, Access access,
                      StateStore store, Overrides overrides, Breakers breakers, InstantSource clock,
                      Consumer<ClusterEvent> events, GatewayDrains drains, OkHttpClient toNodes) {
        this.http = toNodes.newBuilder().callTimeout(Duration.ofSeconds(5)).build();
        this.drains = drains;
        this.config = config;
        this.nodes = nodes;
        this.knownModel = knownModel;
        this.access = access;
        this.store = store;
        this.overrides = overrides;
        this.breakers = breakers;
        this.clock = clock;
        this.events = events;
        sync();
    }

    /** {@code GET /health}: the agent answers, and how its state store is. */
    public void health(Exchange exchange) throws IOException {
        exchange.json(200, Map.of("status", "UP", "state", store.status()));
    }

    /**
     * Makes the overrides in force here those the store holds (another replica acted, an override
     * expired, the store came back): new ones are enforced, ended ones undone, expired ones ended.
     */
    public synchronized void sync() {
        List<OverrideView> stored;
        try {
            stored = store.activeOverrides();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "overrides not re-read: {0}", e.getMessage());
            return;
        }
        long now = clock.millis();
        Map<Long, OverrideView> wanted = new HashMap<>();
        for (OverrideView o : stored) {
            if (expired(o, now)) {
                expireInStore(o, now);
            } else {
                wanted.put(o.id(), o);
            }
        }
        boolean changed = false;
        for (OverrideView o : overrides.list()) {
            if (!wanted.containsKey(o.id())) {
                end(o.id());
                changed = true;
            }
        }
        for (OverrideView o : wanted.values()) {
            if (overrides.find(o.id()).isEmpty()) {
                overrides.put(o);
                changed = true;
            }
        }
        if (changed) {
            overrides.list().forEach(this::enforce);
        }
    }

    private void enforce(OverrideView o) {
        if (o.type() == ActionType.TRIP) {
            nodesOf(o.node()).forEach(n -> breakers.of(o.model(), n).transitionToForcedOpenState());
        } else if (o.type() == ActionType.DISABLE) {
            nodesOf(o.node()).forEach(n -> breakers.of(o.model(), n).transitionToDisabledState());
        }
    }

    /** Lets operators acknowledge and resolve the incidents of {@code incidents} (ACKNOWLEDGE, RESOLVE). */
    public void actOn(Incidents incidents) {
        this.incidents = incidents;
    }

    public void audit(Exchange exchange) throws IOException {
        access.require(exchange, Role.VIEWER);
        int limit = exchange.limitParam(100, 10_000);
        try {
            exchange.json(200, store.recent(limit));
        } catch (SQLException e) {
            throw storeError("cannot read the audit log", e);
        }
    }

    public synchronized void act(Exchange exchange) throws IOException {
        String source = exchange.remoteHost();
        Principal who = access.requireAudited(exchange, Role.OPERATOR, "(any)", clock.millis(), this::record);
        ActionRequest request = AuditedChange.read(exchange, ActionRequest.class, MAX_BODY, this::validate, "invalid_action");
        HttpError missing = unknownTarget(request);
        if (missing != null) {
            // Refused and audited, without its idempotency key: retried once the model or node exists, it applies.
            record(new AuditEntry(0, clock.millis(), who.name(), who.role().name().toLowerCase(), source,
                    request.type().name(), target(request), params(request), null, "REJECTED", missing.getMessage(),
                    request.reason(), null));
            throw missing;
        }
        incidentProblem(request);
        long now = clock.millis();
        List<Long> ended = new ArrayList<>();
        StateStore.Recorded recorded;
        try {
            StateStore.Action action = () -> {
                Applied applied = apply(request, who, ended);
                AuditEntry entry = new AuditEntry(0, now, who.name(), who.role().name().toLowerCase(), source,
                        request.type().name(), target(request), params(request), applied.prior(), applied.decision(),
                        applied.outcome(), request.reason(), request.idempotencyKey());
                OverrideView o = applied.override();
                OverrideView made = o == null ? null : new OverrideView(0, o.type(), o.model(), o.node(), o.fallback(),
                        o.weights(), who.name(), request.reason(), now,
                        request.expiresAtMillis() == null ? 0 : request.expiresAtMillis());
                return new StateStore.Performed(entry, made, ended);
            };
            // An action's events reach the incidents inside its transaction: their lock is taken first, as everywhere.
            recorded = incidents == null ? store.perform(request.idempotencyKey(), action)
                    : incidents.holding(() -> store.perform(request.idempotencyKey(), action));
        } catch (IncidentException e) { // it ended by itself between the check and the action
            throw new HttpError(409, e.code(), e.getMessage());
        } catch (SQLException e) {
            throw storeError("the action was not taken", e);
        }
        AuditEntry e = recorded.entry();
        if (recorded.repeated()) {
            if (java.util.Arrays.stream(ActionType.values()).noneMatch(t -> t.name().equals(e.action()))) {
                throw new HttpError(409, "idempotency_key_reused", "the idempotency key " + request.idempotencyKey()
                        + " was used for " + e.action() + " (audit " + e.id() + "); use a new key for this action");
            }
            exchange.json(200, new ActionResult(e.id(), ActionType.valueOf(e.action()), e.target(),
                    e.decision(), e.outcome() + " (already done: same idempotency key)", e.prior()));
            return;
        }
        audited.accept(e);
        if (recorded.override() != null) {
            overrides.put(recorded.override());
        }
        LOG.log(System.Logger.Level.WARNING, "action id={0} by={1} type={2} target={3} decision={4}: {5}", e.id(),
                who.name(), request.type(), target(request), e.decision(), e.outcome());
        events.accept(new ClusterEvent("action", clock.millis(), request.node(), who.name() + " " + request.type()
                + " " + target(request) + ": " + e.outcome() + " (" + request.reason() + ")"));
        exchange.json(200, new ActionResult(e.id(), request.type(), target(request), e.decision(),
                e.outcome(), e.prior()));
    }

    /** Acknowledges or resolves the request's incident in the shared log, inside the action's transaction. */
    private Applied onIncident(ActionRequest r, Principal who) throws SQLException {
        try {
            if (r.type() == ActionType.ACKNOWLEDGE) {
                var i = incidents.acknowledge(r.incidentId(), who.name(), r.reason());
                return new Applied("APPLIED", "incident " + i.id() + " (" + i.title() + ") acknowledged", "OPEN", null);
            }
            String prior = incidents.find(r.incidentId()).map(b -> b.state().name()).orElse(null);
            var i = incidents.resolve(r.incidentId(), who.name(), r.reason());
            return new Applied("APPLIED", "incident " + i.id() + " (" + i.title() + ") resolved", prior, null);
        } catch (IncidentLog.IncidentLogException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
        }
    }

    /** A failure of the store as the action API answers it: 503 while it cannot be reached. */
    private static HttpError storeError(String what, SQLException e) {
        return StoreFailures.asHttp(e, "actions unavailable: state store down (" + what
                + "; routing goes on with the overrides in force)", what);
    }

    private record Applied(String decision, String outcome, String prior, OverrideView override) {
    }

    /** Applies the action here; the overrides it ends are added to {@code ended}, for the store. */
    private Applied apply(ActionRequest r, Principal who, List<Long> ended) throws SQLException {
        return switch (r.type()) {
            case ACKNOWLEDGE, RESOLVE -> onIncident(r, who);
            case DISABLE -> {
                Moved moved = moveBreakers(r, CircuitBreaker::transitionToDisabledState);
                yield new Applied("APPLIED", "breaker disabled on " + moved.nodes(), moved.prior(),
                        override(ActionType.DISABLE, r.model(), r.node(), null));
            }
            case TRIP -> {
                Moved moved = moveBreakers(r, CircuitBreaker::transitionToForcedOpenState);
                yield new Applied("APPLIED", "breaker forced open on " + moved.nodes(), moved.prior(),
                        override(ActionType.TRIP, r.model(), r.node(), null));
            }
            case RESET -> {
                Moved moved = moveBreakers(r, CircuitBreaker::transitionToClosedState);
                for (OverrideView o : overrides.list()) {
                    if ((o.type() == ActionType.TRIP || o.type() == ActionType.DISABLE) && o.model().equals(r.model())
                            && (r.node() == null || r.node().equals(o.node()) || o.node() == null)) {
                        end(o.id());
                        ended.add(o.id());
                    }
                }
                yield new Applied("APPLIED", "breaker closed on " + moved.nodes(), moved.prior(), null);
            }
            case DRAIN -> atGateway(r.node()) ? drainAtGateway(r)
                    : control(r.node(), (client, url) -> client.drain(url, DrainDeadline.ofSeconds(r.drainDeadlineSeconds())));
            case RESUME -> atGateway(r.node()) ? new Applied("APPLIED", drains.resume(r.node()) ? r.node()
                    + " takes new requests from the gateway again" : r.node() + " was not drained", null, null)
                    : control(r.node(), NodeControlClient::resume);
            case REROUTE -> r.node() != null
                    ? new Applied("APPLIED", "no new " + r.model() + " requests go to " + r.node(),
                    overrides.excluded(r.model(), r.node()) ? "already rerouted" : "routed",
                    override(ActionType.REROUTE, r.model(), r.node(), null))
                    : new Applied("APPLIED", r.model() + " traffic split by weights " + r.weights(), "weights "
                    + nodes.get().stream().map(n -> n.id() + "=" + overrides.weight(r.model(), n.id())).toList(),
                    new OverrideView(0, ActionType.REROUTE, r.model(), null, null, Map.copyOf(r.weights()), null, null, 0, 0));
            case SET_FALLBACK -> new Applied("APPLIED", r.model() + " falls back to " + r.fallback(),
                    "fallback " + overrides.fallback(r.model()).orElse(config.policy(r.model()).fallback()),
                    override(ActionType.SET_FALLBACK, r.model(), null, r.fallback()));
            case CLEAR -> {
                Optional<OverrideView> o = overrides.find(r.overrideId());
                if (o.isEmpty()) {
                    yield new Applied("REJECTED", "no override " + r.overrideId() + " in force", "none", null);
                }
                end(r.overrideId());
                ended.add(r.overrideId());
                yield new Applied("APPLIED", "override " + r.overrideId() + " (" + o.get().type() + ") ended",
                        o.get().type() + " " + target(o.get()), null);
            }
        };
    }

    private static OverrideView override(ActionType type, String model, String node, String fallback) {
        return new OverrideView(0, type, model, node, fallback, null, null, null, 0, 0);
    }

    /** Ends an override here and undoes it (a forced breaker closes again); the store is the caller's. */
    private void end(long id) {
        overrides.remove(id).ifPresent(o -> {
            if (o.type() == ActionType.TRIP || o.type() == ActionType.DISABLE) {
                nodesOf(o.node()).forEach(n -> breakers.of(o.model(), n).transitionToClosedState());
            }
        });
    }

    private static boolean expired(OverrideView o, long now) {
        return o.expiresAtMillis() > 0 && now >= o.expiresAtMillis();
    }

    /**
     * Called every second: overrides past their expiry end by themselves, here at once, and in the
     * store by whichever replica gets there first, which alone writes the audit entry. While the
     * store is down the entry waits for {@link #sync()} after it returns.
     */
    public synchronized void expire() {
        long now = clock.millis();
        for (OverrideView o : overrides.list()) {
            if (expired(o, now)) {
                expireInStore(o, now);
                end(o.id());
                overrides.list().forEach(this::enforce);
            }
        }
    }

    private void expireInStore(OverrideView o, long now) {
        AuditEntry entry = new AuditEntry(0, now, "agent", null, null, "EXPIRE", target(o), null, o.type() + " " + target(o),
                "APPLIED", "override " + o.id() + " expired", "expiry set by " + o.who(), null);
        try {
            if (store.expire(o.id(), entry)) {
                events.accept(new ClusterEvent("action", now, o.node(), "override " + o.id() + " (" + o.type() + " "
                        + target(o) + ") expired"));
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "override {0} expired here, not yet in the state store: {1}", o.id(),
                    e.getMessage());
        }
    }

    /** True for a node whose engine has no drain endpoint: the gateway drains it. */
    private boolean atGateway(String nodeId) {
        return nodes.get().stream().anyMatch(n -> n.id().equals(nodeId) && n.kind() != NodeKind.FIREBREAK);
    }

    private Applied drainAtGateway(ActionRequest r) {
        long seconds = DrainDeadline.ofSeconds(r.drainDeadlineSeconds()).seconds();
        boolean started = drains.start(r.node(), seconds);
        return new Applied("APPLIED", r.node() + (started ? " drained at the gateway (its engine has no drain endpoint): no new "
                + "requests, " : " already draining at the gateway, ") + drains.left(r.node()) + " in flight to finish", null, null);
    }

    /** One call on a node's control endpoint. */
    private interface ControlCall {
        ControlResult on(NodeControlClient client, String nodeUrl) throws IOException;
    }

    private Applied control(String nodeId, ControlCall call) {
        NodeConfig node = nodes.get().stream().filter(n -> n.id().equals(nodeId)).findFirst().orElseThrow();
        try {
            ControlResult answer = call.on(new NodeControlClient(http, node.controlToken()), node.url());
            return new Applied("APPLIED", nodeId + " answered " + Json.mapper().writeValueAsString(answer), null, null);
        } catch (AgentException e) {
            return new Applied("REJECTED", nodeId + " refused: " + e.getMessage(), null, null);
        } catch (IOException e) {
            return new Applied("REJECTED", nodeId + " unreachable: " + e.getMessage(), null, null);
        }
    }

    private String validate(ActionRequest r) {
        if (r == null || r.type() == null) {
            return "type is required: one of TRIP, DISABLE, RESET, DRAIN, RESUME, REROUTE, SET_FALLBACK, CLEAR, ACKNOWLEDGE, RESOLVE";
        }
        String unaudited = AuditedChange.problem(r.reason(), r.idempotencyKey());
        if (unaudited != null) {
            return unaudited;
        }
        if (r.expiresAtMillis() != null && r.expiresAtMillis() <= clock.millis()) {
            return "expiresAtMillis is in the past";
        }
        return switch (r.type()) {
            case TRIP, DISABLE, RESET -> r.model() == null ? r.type() + " needs a model" : null;
            case DRAIN, RESUME -> r.node() == null ? r.type() + " needs a node" : drainDeadlineProblem(r);
            case REROUTE -> weightsProblem(r);
            case SET_FALLBACK -> r.model() == null || r.fallback() == null || r.model().equals(r.fallback())
                    ? "SET_FALLBACK needs a model and a different fallback model" : null;
            case CLEAR -> r.overrideId() == null ? "CLEAR needs the overrideId (the audit id of the action)" : null;
            case ACKNOWLEDGE, RESOLVE -> r.incidentId() == null || r.incidentId().isBlank()
                    ? r.type() + " needs the incidentId" : incidents == null ? "this agent keeps no incidents" : null;
        };
    }

    /** 404 when the action names a node or a model this cluster does not have; null when all it names exists. */
    private HttpError unknownTarget(ActionRequest r) {
        List<String> named = new ArrayList<>();
        if (r.node() != null) {
            named.add(r.node());
        }
        if (r.weights() != null) {
            named.addAll(r.weights().keySet());
        }
        for (String node : named) {
            if (nodes.get().stream().noneMatch(n -> n.id().equals(node))) {
                return new HttpError(404, "node_not_found", "no node '" + node + "' in this cluster; nodes: "
                        + nodes.get().stream().map(NodeConfig::id).toList());
            }
        }
        for (String model : java.util.stream.Stream.of(r.model(), r.fallback()).filter(Objects::nonNull).toList()) {
            if (!knownModel.test(model)) {
                return new HttpError(404, "model_not_found", "no node of this cluster serves or served the model '"
                        + model + "'");
            }
        }
        return null;
    }

    /** An incident that cannot be acted on: unknown (404) or already acknowledged (409), before anything changes. */
    private void incidentProblem(ActionRequest r) {
        if (r.type() != ActionType.ACKNOWLEDGE && r.type() != ActionType.RESOLVE) {
            return;
        }
        incidents.problemActingOn(r.incidentId(), r.type() == ActionType.ACKNOWLEDGE).ifPresent(problem -> {
            boolean unknown = problem.startsWith("no live incident");
            throw new HttpError(unknown ? 404 : 409, unknown ? "no_such_incident" : "already_acknowledged", problem);
        });
    }

    private static String drainDeadlineProblem(ActionRequest r) {
        try {
            DrainDeadline.ofSeconds(r.drainDeadlineSeconds());
            return null;
        } catch (IllegalArgumentException e) {
            return "drainDeadlineSeconds: " + e.getMessage();
        }
    }

    private String weightsProblem(ActionRequest r) {
        if (r.model() == null || (r.node() == null) == (r.weights() == null || r.weights().isEmpty())) {
            return "REROUTE needs a model and either the node to move it off or weights per node";
        }
        if (r.weights() != null) {
            for (Map.Entry<String, Double> w : r.weights().entrySet()) {
                if (w.getValue() == null || w.getValue() < 0 || w.getValue().isNaN()) {
                    return "weight of " + w.getKey() + " must be 0 or more";
                }
            }
            if (r.weights().values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
                return "weights must give some node a share above 0";
            }
        }
        return null;
    }

    /** The nodes whose breaker of the request's model was moved, and the states they were in before. */
    private record Moved(List<String> nodes, String prior) {
    }

    /** Moves the request's model's breaker on its node, or on every node, and says what each was before. */
    private Moved moveBreakers(ActionRequest r, Consumer<CircuitBreaker> transition) {
        List<String> nodes = nodesOf(r.node());
        String prior = states(r.model(), nodes);
        nodes.forEach(n -> transition.accept(breakers.of(r.model(), n)));
        return new Moved(nodes, prior);
    }

    private List<String> nodesOf(String node) {
        return node != null ? List.of(node) : nodes.get().stream().map(NodeConfig::id).toList();
    }

    private String states(String model, List<String> nodes) {
        List<String> states = new ArrayList<>();
        for (String n : nodes) {
            CircuitBreaker breaker = breakers.of(model, n);
            states.add(n + " " + breaker.getState());
        }
        return String.join(", ", states);
    }

    private static String target(ActionRequest r) {
        if (r.incidentId() != null) {
            return r.incidentId();
        }
        return r.model() == null ? r.node() : r.node() == null ? r.model() : r.model() + "@" + r.node();
    }

    private static String target(OverrideView o) {
        return o.model() == null ? o.node() : o.node() == null ? o.model() : o.model() + "@" + o.node();
    }

    private static String params(ActionRequest r) {
        try {
            return Json.mapper().writeValueAsString(r);
        } catch (JsonProcessingException e) {
            return r.toString();
        }
    }

    /** Hears every line written to the audit log (the agent's action counters). */
    public void onAudit(Consumer<AuditEntry> listener) {
        this.audited = listener;
    }

    private long record(AuditEntry entry) {
        try {
            long id = store.audit(entry);
            audited.accept(entry);
            return id;
        } catch (SQLException e) {
            throw storeError("cannot write the audit log", e);
        }
    }
}
