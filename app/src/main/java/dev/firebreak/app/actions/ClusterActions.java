package dev.firebreak.app.actions;

import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.OverrideView;
import dev.firebreak.agent.api.SloReport;
import dev.firebreak.app.connection.ClusterConnection;
import dev.firebreak.app.connection.ConsoleState;
import dev.firebreak.app.figures.ClusterFigures;
import dev.firebreak.app.figures.ModelFigures;
import dev.firebreak.app.figures.NodeFigures;
import dev.firebreak.app.models.ModelActions;
import dev.firebreak.app.slo.BudgetImpact;
import javafx.application.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every operator action of the console: builds its confirmation with the impact preview, sends it
 * to the agent once confirmed, and reports the result with its audit id. FX thread only.
 */
public final class ClusterActions implements ModelActions {

    private static final String NO_FALLBACK = "none (clear the fallback)";
    /** How long a drain started from the console lets in-flight work finish before cancelling it. */
    private static final long DRAIN_DEADLINE_SECONDS = 30;

    private final ConfirmationViewModel confirmation;
    private final ClusterConnection connection;
    private final Supplier<ConsoleState> state;
    private final Supplier<SloReport> slo;
    private final Consumer<String> status;

    /** @param slo the agent's newest SLO report, or {@code null} before one was read: the previews' budget lines */
    public ClusterActions(ConfirmationViewModel confirmation, ClusterConnection connection, Supplier<ConsoleState> state,
                          Supplier<SloReport> slo, Consumer<String> status) {
        this.confirmation = confirmation;
        this.connection = connection;
        this.state = state;
        this.slo = slo;
        this.status = status;
    }

    private ClusterFigures figures() {
        return state.get().figures();
    }

    private boolean allowed() {
        ConsoleState s = state.get();
        if (s == null || s.actionsUnavailable() != null || s.snapshot() == null) {
            status.accept("Not now: " + (s == null || s.snapshot() == null ? "no figures from the agent yet" : s.actionsUnavailable()));
            return false;
        }
        return true;
    }

    /** Drain a serving (or warming) node, resume a draining or drained one. */
    public void drainOrResume(String nodeId) {
        NodeFigures node = figures().node(nodeId);
        if (!allowed() || node == null || node.state() == null) {
            return;
        }
        boolean drain = node.state().drainable();
        String what = (drain ? "Drain " : "Resume ") + nodeId;
        String impact = drain ? ImpactPreview.drain(figures(), nodeId) + "\n" + BudgetImpact.drain(slo.get(), figures(), nodeId)
                : "Resume " + nodeId + ": it takes new work again and the gateway sends it traffic.";
        confirmation.ask(Confirmation.simple(what, impact, false, d -> send(what,
                request(drain ? ActionType.DRAIN : ActionType.RESUME, null, nodeId, d, Extra.drain(DRAIN_DEADLINE_SECONDS)))));
    }

    /** Trip a closed breaker, reset a forced one. */
    public void tripOrReset(BreakerView breaker) {
        if (!allowed()) {
            return;
        }
        boolean reset = breaker.state().forced();
        String target = breaker.model() + " on " + breaker.nodeId();
        String what = (reset ? "Reset " : "Trip ") + target;
        String impact = reset
                ? what + ": the breaker closes and " + breaker.nodeId() + " gets " + breaker.model() + " traffic again."
                : "Trip " + target + ": the gateway sends it no requests until reset.\n"
                + ImpactPreview.moveOff(figures(), breaker.model(), breaker.nodeId())
                + "\n" + BudgetImpact.moveOff(slo.get(), figures(), breaker.model(), breaker.nodeId());
        confirmation.ask(Confirmation.simple(what, impact, !reset, d -> send(what,
                request(reset ? ActionType.RESET : ActionType.TRIP, breaker.model(), breaker.nodeId(), d, Extra.NONE))));
    }

    /** Trip (or reset) a model's breakers on every node. */
    @Override
    public void tripEverywhere(String model, boolean reset) {
        if (!allowed()) {
            return;
        }
        String what = (reset ? "Reset " : "Trip ") + model + " on every node";
        String impact = reset ? what + ": its breakers close and every node serving it gets traffic again."
                : ImpactPreview.tripEverywhere(figures(), model) + "\n" + BudgetImpact.tripEverywhere(slo.get(), figures(), model);
        confirmation.ask(Confirmation.simple(what, impact, !reset, d -> send(what,
                request(reset ? ActionType.RESET : ActionType.TRIP, model, null, d, Extra.NONE))));
    }

    /** Move a model off a node, or give its nodes weights ("node-1=3 node-2=1"). */
    @Override
    public void reroute(String model) {
        if (!allowed()) {
            return;
        }
        List<String> choices = new ArrayList<>();
        List<String> even = new ArrayList<>();
        for (NodeFigures n : figures().nodes()) {
            if (n.model(model) != null) {
                choices.add("off " + n.id());
                even.add(n.id() + "=1");
            }
        }
        choices.add(String.join(" ", even));
        confirmation.ask(new Confirmation("Reroute " + model, "Move off a node, or weights:", choices,
                choice -> rerouteImpact(model, choice), true, d -> {
                    String offNode = offNode(d.choice());
                    send("Reroute " + model + " " + d.choice(), request(ActionType.REROUTE, model, offNode, d,
                            offNode != null ? Extra.NONE : Extra.weights(weights(d.choice()))));
                }));
    }

    private String rerouteImpact(String model, String choice) {
        String offNode = offNode(choice);
        if (offNode != null) {
            return "Move " + model + " off " + offNode + ".\n" + ImpactPreview.moveOff(figures(), model, offNode)
                    + "\n" + BudgetImpact.moveOff(slo.get(), figures(), model, offNode);
        }
        return ImpactPreview.weights(figures(), model, weights(choice));
    }

    private static String offNode(String choice) {
        return choice != null && choice.startsWith("off ") ? choice.substring(4).trim() : null;
    }

    /**
     * "node-1=3 node-2=1" (spaces or commas between) as weights.
     *
     * @throws IllegalArgumentException with a message for the operator
     */
    static Map<String, Double> weights(String text) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String part : text.trim().split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Type 'off NODE', or weights like node-1=3 node-2=1 ('" + part + "' is neither).");
            }
            try {
                double w = Double.parseDouble(part.substring(eq + 1));
                if (w < 0 || Double.isNaN(w) || Double.isInfinite(w)) {
                    throw new NumberFormatException();
                }
                weights.put(part.substring(0, eq), w);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("A weight is a number of 0 or more: '" + part + "'.");
            }
        }
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("Type 'off NODE', or weights like node-1=3 node-2=1.");
        }
        return weights;
    }

    /** Set the model's fallback, or clear the one in force. */
    @Override
    public void fallback(String model) {
        if (!allowed()) {
            return;
        }
        List<String> choices = new ArrayList<>(figures().models().stream().map(ModelFigures::model)
                .filter(m -> !m.equals(model)).toList());
        OverrideView inForce = state.get().snapshot().overrides().stream()
                .filter(o -> o.type() == ActionType.SET_FALLBACK && model.equals(o.model())).reduce((a, b) -> b).orElse(null);
        if (inForce != null) {
            choices.addFirst(NO_FALLBACK);
        }
        confirmation.ask(new Confirmation("Fallback for " + model, "Fallback model:", choices, choice -> choice.equals(NO_FALLBACK)
                ? "Clear the fallback " + inForce.fallback() + ": when " + model + " has no capacity, its requests are shed with 429."
                : ImpactPreview.fallback(figures(), model, choice), true, d -> {
            if (d.choice().equals(NO_FALLBACK)) {
                send("Clear fallback of " + model, request(ActionType.CLEAR, model, null, d, Extra.override(inForce.id())));
            } else {
                send("Fallback " + model + " -> " + d.choice(), request(ActionType.SET_FALLBACK, model, null, d, Extra.fallback(d.choice())));
            }
        }));
    }

    /** End an operator override in force. */
    public void clear(OverrideView override) {
        if (!allowed()) {
            return;
        }
        String what = "Clear override " + override.id() + " (" + override.type() + " "
                + (override.model() == null ? "" : override.model() + " ") + (override.node() == null ? "" : "on " + override.node()) + ")";
        confirmation.ask(Confirmation.simple(what, what + ": what it did is undone; it was set by " + override.who()
                + " because: " + override.reason(), false, d -> send(what,
                request(ActionType.CLEAR, override.model(), override.node(), d, Extra.override(override.id())))));
    }

    /** Say an open incident is being looked after, with a reason; it still shows until it ends. */
    public void acknowledge(Incident incident) {
        if (!allowed() || incident == null) {
            return;
        }
        String what = "Acknowledge " + incident.title();
        confirmation.ask(Confirmation.simple(what, what + " (" + incident.id() + "): it stays in the list until it ends;"
                + " the audit log records who acknowledged it and why.", false, d -> send(what,
                ActionRequest.onIncident(ActionType.ACKNOWLEDGE, incident.id(), d.reason(), UUID.randomUUID().toString()))));
    }

    /** What some actions carry beyond type, target and decision. */
    private record Extra(String fallback, Map<String, Double> weights, Long overrideId, Long drainDeadlineSeconds) {
        static final Extra NONE = new Extra(null, null, null, null);

        static Extra fallback(String model) {
            return new Extra(model, null, null, null);
        }

        static Extra weights(Map<String, Double> weights) {
            return new Extra(null, weights, null, null);
        }

        static Extra override(long id) {
            return new Extra(null, null, id, null);
        }

        static Extra drain(long deadlineSeconds) {
            return new Extra(null, null, null, deadlineSeconds);
        }
    }

    /** The request for a confirmed decision; a CLEAR of an override has no expiry of its own. */
    private static ActionRequest request(ActionType type, String model, String node, Confirmation.Decision d, Extra extra) {
        Long expiresAt = d.expiresInSeconds() == null || extra.overrideId() != null ? null
                : System.currentTimeMillis() + d.expiresInSeconds() * 1000;
        return new ActionRequest(type, model, node, extra.fallback(), extra.weights(), extra.overrideId(),
                extra.drainDeadlineSeconds(), d.reason(), UUID.randomUUID().toString(), expiresAt);
    }

    private void send(String what, ActionRequest request) {
        status.accept(what + "...");
        connection.act(request).whenComplete((result, error) -> Platform.runLater(() -> status.accept(
                error != null ? what + " failed: " + error.getMessage()
                        : what + ": " + result.decision() + " (audit " + result.auditId() + ") " + result.outcome())));
    }
}
