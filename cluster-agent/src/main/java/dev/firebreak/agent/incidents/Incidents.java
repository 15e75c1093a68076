package dev.firebreak.agent.incidents;

import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentEntry;
import dev.firebreak.agent.api.IncidentSeverity;
import dev.firebreak.agent.api.IncidentState;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Groups the cluster's events into incidents: a finding, a breaker opening or a node going down or
 * slow starts one for its node unless one is live there already, which it joins; whatever else
 * happens to that node while it lasts (clears, breaker moves, actions, state changes) goes into its
 * timeline. It ends by itself once every condition that raised it has cleared; an operator may
 * acknowledge or resolve it. Every change is saved to the log and told to the listeners.
 */
public final class Incidents {

    private static final System.Logger LOG = System.getLogger(Incidents.class.getName());
    private static final int TIMELINE_LIMIT = 500;

    private final InstantSource clock;
    private final IncidentLog log;
    private final List<Consumer<Incident>> listeners = new CopyOnWriteArrayList<>();
    /** The live incident of each node (or, for an SLO burn, of each model), and when each of its conditions was last raised. */
    private final Map<String, Live> live = new HashMap<>();

    private static final class Live {
        Incident incident;
        final Map<String, Long> conditions = new LinkedHashMap<>();

        Live(Incident incident) {
            this.incident = incident;
        }
    }

    /** Starts from the live incidents in {@code log}, so a restarted agent carries on with them. */
    public Incidents(InstantSource clock, IncidentLog log) throws IncidentLog.IncidentLogException {
        this.clock = clock;
        this.log = log;
        for (Incident i : log.live()) {
            Live l = new Live(i);
            l.conditions.put("restored", clock.millis()); // cleared by the next event that clears anything, or a tick
            live.put(subject(i.node(), i.models().isEmpty() ? null : i.models().getFirst()), l);
        }
    }

    /** What an incident is about: its node, or for an incident of no node (an SLO burn) its model. */
    private static String subject(String node, String model) {
        return node != null ? node : "model " + model;
    }

    /** Tells {@code listener} every incident change (started, joined, acknowledged, ended), e.g. to send an alert. */
    public void addListener(Consumer<Incident> listener) {
        listeners.add(listener);
    }

    /** One cluster event, as the agent's stream carries it. */
    public synchronized void accept(ClusterEvent e) {
        if (e.nodeId() == null) {
            return;
        }
        accept(e.nodeId(), null, e);
    }

    /**
     * An event about a model as a whole (an SLO burn, {@code slo-burn-page} and the like, and its
     * "-cleared"): it raises or clears a condition of the model's own incident, which has no node.
     */
    public synchronized void acceptModel(String model, ClusterEvent e) {
        accept(subject(null, model), model, e);
    }

    private void accept(String subject, String model, ClusterEvent e) {
        Live l = live.get(subject);
        Grouping.Effect effect = Grouping.of(e);
        IncidentEntry entry = new IncidentEntry(e.atMillis(), e.type(), e.message());
        switch (effect) {
            case Grouping.Raise r -> {
                if (l == null) {
                    l = new Live(start(e, r, model));
                    live.put(subject, l);
                }
                l.conditions.put(r.condition(), e.atMillis());
                Incident i = l.incident;
                l.incident = with(i, entry, i.severity().compareTo(r.severity()) >= 0 ? i.severity() : r.severity(),
                        e.breaker() == null ? add(i.evidence(), e.message()) : i.evidence(), i.actions(), model(i, e));
                if (e.breaker() != null) {
                    l.incident = with(l.incident, null, l.incident.severity(), l.incident.evidence(),
                            add(l.incident.actions(), "router: " + e.message()), l.incident.models());
                }
            }
            case Grouping.Clear c -> {
                if (l == null) {
                    return;
                }
                l.conditions.remove(c.condition());
                l.conditions.remove("restored");
                List<String> actions = e.breaker() != null ? add(l.incident.actions(), "router: " + e.message())
                        : l.incident.actions();
                l.incident = with(l.incident, entry, l.incident.severity(), l.incident.evidence(), actions, model(l.incident, e));
            }
            case Grouping.Act a -> {
                if (l == null) {
                    return;
                }
                l.incident = with(l.incident, entry, l.incident.severity(), l.incident.evidence(),
                        add(l.incident.actions(), "operator: " + e.message()), l.incident.models());
            }
            case Grouping.Note n -> {
                if (l == null) {
                    return;
                }
                List<String> actions = e.breaker() != null ? add(l.incident.actions(), "router: " + e.message())
                        : l.incident.actions();
                l.incident = with(l.incident, entry, l.incident.severity(), l.incident.evidence(), actions, model(l.incident, e));
            }
        }
        endIfClear(subject, l, e.atMillis());
        changed(l.incident);
    }

    /** Called every second: conditions with no "cleared" event of their own (a slow node) lapse. */
    public synchronized void tick() {
        long now = clock.millis();
        for (Map.Entry<String, Live> e : new ArrayList<>(live.entrySet())) {
            Live l = e.getValue();
            boolean lapsed = l.conditions.entrySet().removeIf(c -> (c.getKey().equals("slow") || c.getKey().equals("restored"))
                    && now - c.getValue() >= Grouping.SLOW_LAPSES_AFTER_MILLIS);
            if (lapsed && endIfClear(e.getKey(), l, now)) {
                changed(l.incident);
            }
        }
    }

    /** An operator says they are on it. */
    public synchronized Incident acknowledge(String id, String who, String reason) {
        Live l = liveById(id);
        if (l.incident.state() == IncidentState.ACKNOWLEDGED) {
            throw new IncidentException("already_acknowledged", "incident " + id + " was already acknowledged by "
                    + l.incident.acknowledgedBy());
        }
        long now = clock.millis();
        Incident i = l.incident;
        l.incident = new Incident(i.id(), i.severity(), IncidentState.ACKNOWLEDGED, i.title(), i.node(), i.models(),
                i.startedAtMillis(), null, append(i.timeline(), new IncidentEntry(now, "acknowledged",
                who + " acknowledged: " + reason)), i.evidence(), i.actions(), who, now);
        changed(l.incident);
        return l.incident;
    }

    /** An operator ends it, whatever its conditions say; a new finding on the node starts a new one. */
    public synchronized Incident resolve(String id, String who, String reason) {
        Live l = liveById(id);
        long now = clock.millis();
        live.values().remove(l);
        Incident i = l.incident;
        l.incident = new Incident(i.id(), i.severity(), IncidentState.RESOLVED, i.title(), i.node(), i.models(),
                i.startedAtMillis(), now, append(i.timeline(), new IncidentEntry(now, "resolved", who + " resolved: " + reason)),
                i.evidence(), i.actions(), i.acknowledgedBy(), i.acknowledgedAtMillis());
        changed(l.incident);
        return l.incident;
    }

    /** The live incident with {@code id}, or why an operator cannot act on it. */
    public synchronized Optional<String> problemActingOn(String id, boolean acknowledging) {
        try {
            Live l = liveById(id);
            if (acknowledging && l.incident.state() == IncidentState.ACKNOWLEDGED) {
                return Optional.of("incident " + id + " was already acknowledged by " + l.incident.acknowledgedBy());
            }
            return Optional.empty();
        } catch (IncidentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Live incidents first, then the newest first; at most {@code limit} ended ones come from the log. */
    public synchronized List<Incident> list(int limit) {
        Map<String, Incident> byId = new LinkedHashMap<>();
        live.values().forEach(l -> byId.put(l.incident.id(), l.incident));
        try {
            for (Incident i : log.recent(limit)) {
                byId.putIfAbsent(i.id(), i);
            }
        } catch (IncidentLog.IncidentLogException e) {
            LOG.log(System.Logger.Level.ERROR, "incidents log unreadable, serving the live incidents only: {0}", e.getMessage());
        }
        return byId.values().stream()
                .sorted(Comparator.comparing((Incident i) -> !i.live()).thenComparing(Incident::startedAtMillis,
                        Comparator.reverseOrder()))
                .limit(limit)
                .toList();
    }

    /** The incidents live now, oldest first. */
    public synchronized List<Incident> live() {
        return live.values().stream().map(l -> l.incident).sorted(Comparator.comparingLong(Incident::startedAtMillis)).toList();
    }

    /** How many incidents are live now. */
    public synchronized int liveCount() {
        return live.size();
    }

    private Live liveById(String id) {
        if (id == null || id.isBlank()) {
            throw new IncidentException("invalid_action", "incidentId is required");
        }
        return live.values().stream().filter(l -> l.incident.id().equals(id)).findFirst()
                .orElseThrow(() -> new IncidentException("no_such_incident", "no live incident '" + id + "'"));
    }

    private Incident start(ClusterEvent e, Grouping.Raise r, String ofModel) {
        String model = e.breaker() != null ? e.breaker().model() : ofModel;
        String title = e.nodeId() == null ? r.label() + " for " + model
                : r.label() + " on " + e.nodeId() + (model == null ? "" : " (" + model + ")");
        LOG.log(System.Logger.Level.WARNING, "incident opened node={0} model={1}: {2}", e.nodeId(), model, title);
        return new Incident("inc-" + e.atMillis() + "-" + (e.nodeId() != null ? e.nodeId() : model), r.severity(),
                IncidentState.OPEN, title, e.nodeId(),
                model == null ? List.of() : List.of(model), e.atMillis(), null, List.of(), List.of(), List.of(), null, null);
    }

    /** Ends the incident once none of its conditions holds; true if it ended. */
    private boolean endIfClear(String subject, Live l, long now) {
        if (!l.conditions.isEmpty()) {
            return false;
        }
        live.remove(subject);
        Incident i = l.incident;
        l.incident = new Incident(i.id(), i.severity(), IncidentState.RESOLVED, i.title(), i.node(), i.models(),
                i.startedAtMillis(), now, append(i.timeline(), new IncidentEntry(now, "resolved", "everything that raised it has cleared")),
                i.evidence(), i.actions(), i.acknowledgedBy(), i.acknowledgedAtMillis());
        LOG.log(System.Logger.Level.INFO, "incident ended id={0} about={1}", i.id(), subject);
        return true;
    }

    private void changed(Incident incident) {
        try {
            log.save(incident);
        } catch (IncidentLog.IncidentLogException e) {
            LOG.log(System.Logger.Level.ERROR, "incident {0} not saved: {1}", incident.id(), e.getMessage());
        }
        for (Consumer<Incident> listener : listeners) {
            listener.accept(incident);
        }
    }

    private static Incident with(Incident i, IncidentEntry entry, IncidentSeverity severity, List<String> evidence,
                                 List<String> actions, List<String> models) {
        return new Incident(i.id(), severity, i.state(), i.title(), i.node(), models, i.startedAtMillis(), i.endedAtMillis(),
                entry == null ? i.timeline() : append(i.timeline(), entry), evidence, actions, i.acknowledgedBy(),
                i.acknowledgedAtMillis());
    }

    private static List<String> model(Incident i, ClusterEvent e) {
        return e.breaker() == null ? i.models() : add(i.models(), e.breaker().model());
    }

    private static List<String> add(List<String> lines, String line) {
        LinkedHashSet<String> set = new LinkedHashSet<>(lines);
        set.add(line);
        return List.copyOf(set);
    }

    private static List<IncidentEntry> append(List<IncidentEntry> timeline, IncidentEntry entry) {
        List<IncidentEntry> next = new ArrayList<>(timeline);
        next.add(entry);
        return next.size() > TIMELINE_LIMIT ? next.subList(next.size() - TIMELINE_LIMIT, next.size()) : next;
    }
}
