package dev.firebreak.agent.incidents;

import dev.firebreak.agent.api.BreakerTransition;
import dev.firebreak.agent.api.ClusterEvent;
import dev.firebreak.agent.api.Incident;
import dev.firebreak.agent.api.IncidentEntry;
import dev.firebreak.agent.api.IncidentSeverity;
import dev.firebreak.agent.api.IncidentState;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Groups the cluster's events into incidents: a finding, a breaker opening or a node going down or
 * slow starts one for its node unless one is live there already, which it joins; whatever else
 * happens to that node while it lasts (clears, breaker moves, actions, state changes) goes into its
 * timeline. The incidents are the log's, shared by every agent of the store: a finding of this agent
 * joins the live incident another agent opened about the same node, and it ends once no agent's
 * findings hold it any more. An operator may acknowledge or resolve it on any agent. Every change is
 * written to the log first and told to the listeners; changes other agents made are told when
 * {@link #sync()} reads them.
 */
public final class Incidents {

    private static final System.Logger LOG = System.getLogger(Incidents.class.getName());
    private static final int TIMELINE_LIMIT = 500;
    /** The same line (type and words) within this long of one already in the timeline is the same event seen by another agent. */
    static final long SAME_EVENT_WITHIN_MILLIS = 10_000;
    /** How often this agent tells the log it still holds its incidents, well within {@link SharedIncident#HOLDER_LAPSES_AFTER_MILLIS}. */
    static final long HOLD_REFRESH_MILLIS = 15_000;
    /** The holder a restarted agent gives an incident stored before holders were: it lapses like a dead agent's. */
    static final String RESTORED = "restored";

    private final InstantSource clock;
    private final IncidentLog log;
    private final String agent;
    private final List<Consumer<Incident>> listeners = new CopyOnWriteArrayList<>();
    /** The live incidents as last read from the log or written by this agent, by id. */
    private final Map<String, SharedIncident> live = new LinkedHashMap<>();
    /** What this agent's own findings raise, by subject. */
    private final Map<String, Hold> holds = new HashMap<>();
    private long refreshedAtMillis = Long.MIN_VALUE / 2;

    /** The conditions this agent raised about one subject, each with when it was last raised, and the incident they hold. */
    private static final class Hold {
        String incidentId;
        final Map<String, Long> conditions = new LinkedHashMap<>();

        Hold(String incidentId) {
            this.incidentId = incidentId;
        }
    }

    /** An agent of its own name, starting from the live incidents in {@code log}. */
    public Incidents(InstantSource clock, IncidentLog log) throws IncidentLog.IncidentLogException {
        this(clock, log, "agent-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    }

    /**
     * Starts from the live incidents in {@code log}, so a restarted agent (or one more replica) carries
     * on with them; {@code agent} names this agent among the holders.
     */
    public Incidents(InstantSource clock, IncidentLog log, String agent) throws IncidentLog.IncidentLogException {
        this.clock = clock;
        this.log = log;
        this.agent = agent;
        for (SharedIncident s : log.live()) {
            if (s.holders().isEmpty()) {
                log.update(s.incident().id(), x -> x.heldBy(RESTORED, clock.millis())).ifPresent(this::remember);
            } else {
                remember(s);
            }
        }
    }

    /** What an incident is about: its node, or for an incident of no node (an SLO burn) its model. */
    static String subject(String node, String model) {
        return node != null ? node : "model " + model;
    }

    private static String subject(Incident i) {
        return subject(i.node(), i.models().isEmpty() ? null : i.models().getFirst());
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
        Line entry = Line.of(e);
        String router = e.breaker() == null ? null : "router: " + e.message();
        switch (Grouping.of(e)) {
            case Grouping.Raise r -> raise(subject, model, e, r, entry, router);
            case Grouping.Clear c -> clear(subject, c.condition(), e, entry, router);
            case Grouping.Act a -> note(subject, e, entry, "operator: " + e.message());
            case Grouping.Note n -> note(subject, e, entry, router);
        }
    }

    private void raise(String subject, String model, ClusterEvent e, Grouping.Raise r, Line entry, String router) {
        long now = clock.millis();
        UnaryOperator<SharedIncident> change = s -> {
            Incident i = s.incident();
            IncidentSeverity severity = i.severity().compareTo(r.severity()) >= 0 ? i.severity() : r.severity();
            return s.with(with(i, entry, severity, e.breaker() == null ? add(i.evidence(), e.message()) : i.evidence(),
                    router == null ? i.actions() : add(i.actions(), router), model(i, e))).heldBy(agent, now);
        };
        SharedIncident fresh = new SharedIncident(start(e, r, model), Map.of());
        SharedIncident stored;
        try {
            stored = log.raise(subject, fresh, change);
        } catch (IncidentLog.IncidentLogException failed) {
            LOG.log(System.Logger.Level.ERROR, "incident about {0} not written, kept on this agent only: {1}", subject,
                    failed.getMessage());
            stored = change.apply(liveAbout(subject).orElse(fresh));
        }
        Hold hold = holds.get(subject);
        if (hold == null) {
            hold = new Hold(stored.incident().id());
            holds.put(subject, hold);
            LOG.log(System.Logger.Level.WARNING, "incident {0} id={1} about={2} by={3}: {4}",
                    stored.incident().id().equals(fresh.incident().id()) ? "opened" : "joined", stored.incident().id(), subject,
                    agent, stored.incident().title());
        }
        hold.incidentId = stored.incident().id();
        hold.conditions.put(r.condition(), e.atMillis());
        changed(stored);
    }

    private void clear(String subject, String condition, ClusterEvent e, Line entry, String router) {
        Hold hold = holds.get(subject);
        if (hold == null || hold.conditions.remove(condition) == null) {
            note(subject, e, entry, router); // not this agent's to clear: a line in the timeline, if one is live
            return;
        }
        boolean released = hold.conditions.isEmpty();
        if (released) {
            holds.remove(subject);
        }
        long now = clock.millis();
        change(hold.incidentId, s -> {
            SharedIncident next = s.with(with(s.incident(), entry, s.incident().severity(), s.incident().evidence(),
                    router == null ? s.incident().actions() : add(s.incident().actions(), router), model(s.incident(), e)));
            return released ? endIfUnheld(next.releasedBy(agent), now, "everything that raised it has cleared") : next;
        });
    }

    /** A line that starts nothing: it joins the live incident about the subject, if there is one. */
    private void note(String subject, ClusterEvent e, Line entry, String action) {
        liveAbout(subject).ifPresent(s -> change(s.incident().id(), x -> x.with(with(x.incident(), entry,
                x.incident().severity(), x.incident().evidence(), action == null ? x.incident().actions()
                        : add(x.incident().actions(), action), model(x.incident(), e)))));
    }

    /**
     * Called every second: conditions with no "cleared" event of their own (a slow node) lapse; every
     * {@link #HOLD_REFRESH_MILLIS} this agent tells the log it still holds its incidents; an incident
     * none of whose holders has spoken for {@link SharedIncident#HOLDER_LAPSES_AFTER_MILLIS} (its
     * agents died or restarted) ends.
     */
    public synchronized void tick() {
        long now = clock.millis();
        for (Map.Entry<String, Hold> e : new ArrayList<>(holds.entrySet())) {
            Hold hold = e.getValue();
            if (hold.conditions.entrySet().removeIf(c -> c.getKey().equals("slow")
                    && now - c.getValue() >= Grouping.SLOW_LAPSES_AFTER_MILLIS) && hold.conditions.isEmpty()) {
                holds.remove(e.getKey());
                change(hold.incidentId, s -> endIfUnheld(s.releasedBy(agent), now, "everything that raised it has cleared"));
            }
        }
        if (now - refreshedAtMillis >= HOLD_REFRESH_MILLIS) {
            refreshedAtMillis = now;
            for (Map.Entry<String, Hold> e : new ArrayList<>(holds.entrySet())) {
                refresh(e.getKey(), e.getValue(), now);
            }
        }
        for (SharedIncident s : new ArrayList<>(live.values())) {
            if (!s.held(now) && holds.values().stream().noneMatch(h -> h.incidentId.equals(s.incident().id()))) {
                change(s.incident().id(), x -> endIfUnheld(x, now, "no agent holding it has been heard from for "
                        + SharedIncident.HOLDER_LAPSES_AFTER_MILLIS / 1000 + " s"));
            }
        }
    }

    /** Says this agent still holds the incident about {@code subject}; one that never reached the log (it was down) goes in now. */
    private void refresh(String subject, Hold hold, long now) {
        SharedIncident mine = live.get(hold.incidentId);
        try {
            SharedIncident stored = mine == null
                    ? log.update(hold.incidentId, s -> s.heldBy(agent, now)).orElse(null)
                    : log.raise(subject, mine, s -> s.heldBy(agent, now));
            if (stored == null) {
                holds.remove(subject);
                return;
            }
            hold.incidentId = stored.incident().id();
            changed(stored);
        } catch (IncidentLog.IncidentLogException e) {
            LOG.log(System.Logger.Level.WARNING, "hold on incident {0} not refreshed: {1}", hold.incidentId, e.getMessage());
        }
    }

    /**
     * Reads the live incidents from the log and tells the listeners of every change another agent
     * made: joined, acknowledged, resolved or ended. Called when the store says something changed,
     * and every few seconds anyway.
     */
    public synchronized void sync() {
        List<SharedIncident> stored;
        try {
            stored = log.live();
        } catch (IncidentLog.IncidentLogException e) {
            LOG.log(System.Logger.Level.WARNING, "incidents not re-read: {0}", e.getMessage());
            return;
        }
        Map<String, SharedIncident> now = new LinkedHashMap<>();
        stored.forEach(s -> now.put(s.incident().id(), s));
        for (SharedIncident before : new ArrayList<>(live.values())) {
            String id = before.incident().id();
            if (now.containsKey(id)) {
                continue;
            }
            Optional<Incident> ended;
            try {
                ended = log.find(id);
            } catch (IncidentLog.IncidentLogException e) {
                continue;
            }
            if (ended.isEmpty() && holds.values().stream().anyMatch(h -> h.incidentId.equals(id))) {
                now.put(id, before); // never reached the log: kept here until the next refresh writes it
                continue;
            }
            live.remove(id);
            holds.values().removeIf(h -> h.incidentId.equals(id));
            ended.ifPresent(this::tell);
        }
        for (SharedIncident s : now.values()) {
            SharedIncident before = live.put(s.incident().id(), s);
            if (before == null || !before.incident().equals(s.incident())) {
                tell(s.incident());
            }
        }
    }

    /** An operator says they are on it. */
    public synchronized Incident acknowledge(String id, String who, String reason) throws IncidentLog.IncidentLogException {
        long now = clock.millis();
        SharedIncident acked = log.update(valid(id), s -> {
            Incident i = s.incident();
            if (i.state() == IncidentState.ACKNOWLEDGED) {
                throw new IncidentException("already_acknowledged", "incident " + id + " was already acknowledged by "
                        + i.acknowledgedBy());
            }
            return s.with(new Incident(i.id(), i.severity(), IncidentState.ACKNOWLEDGED, i.title(), i.node(), i.models(),
                    i.startedAtMillis(), null, append(i.timeline(), new IncidentEntry(now, "acknowledged",
                    who + " acknowledged: " + reason)), i.evidence(), i.actions(), who, now));
        }).orElseThrow(() -> noSuchIncident(id));
        changed(acked);
        return acked.incident();
    }

    /** An operator ends it, whatever its conditions say; a new finding on the node starts a new one. */
    public synchronized Incident resolve(String id, String who, String reason) throws IncidentLog.IncidentLogException {
        long now = clock.millis();
        SharedIncident resolved = log.update(valid(id), s -> s.with(ended(s.incident(), now, "resolved",
                who + " resolved: " + reason))).orElseThrow(() -> noSuchIncident(id));
        holds.values().removeIf(h -> h.incidentId.equals(id));
        changed(resolved);
        return resolved.incident();
    }

    /** Work run while holding the incidents' lock. */
    @FunctionalInterface
    public interface Work<T, X extends Exception> {
        T run() throws X;
    }

    /**
     * Runs {@code work} holding the incidents' lock: work that opens a transaction of the store and
     * changes incidents inside it (an operator action) takes the lock before the store's connection,
     * as every other change does, so the two never wait on each other.
     */
    public synchronized <T, X extends Exception> T holding(Work<T, X> work) throws X {
        return work.run();
    }

    /** The incident {@code id} as the log has it, live or ended. */
    public Optional<Incident> find(String id) throws IncidentLog.IncidentLogException {
        return log.find(id);
    }

    /** The live incident with {@code id}, or why an operator cannot act on it. */
    public synchronized Optional<String> problemActingOn(String id, boolean acknowledging) {
        if (id == null || id.isBlank()) {
            return Optional.of("incidentId is required");
        }
        Optional<Incident> found;
        try {
            found = log.find(id);
        } catch (IncidentLog.IncidentLogException e) {
            found = Optional.ofNullable(live.get(id)).map(SharedIncident::incident);
        }
        Optional<Incident> stillLive = found.filter(Incident::live);
        if (stillLive.isEmpty()) {
            return Optional.of(noSuchIncident(id).getMessage());
        }
        if (acknowledging && stillLive.get().state() == IncidentState.ACKNOWLEDGED) {
            return Optional.of("incident " + id + " was already acknowledged by " + stillLive.get().acknowledgedBy());
        }
        return Optional.empty();
    }

    /** Live incidents first, then the newest first, as the log has them (this agent's copy while it cannot be read). */
    public synchronized List<Incident> list(int limit) {
        Map<String, Incident> byId = new LinkedHashMap<>();
        try {
            log.live().forEach(s -> byId.put(s.incident().id(), s.incident()));
            for (Incident i : log.recent(limit)) {
                byId.putIfAbsent(i.id(), i);
            }
        } catch (IncidentLog.IncidentLogException e) {
            LOG.log(System.Logger.Level.ERROR, "incidents log unreadable, serving this agent's live incidents: {0}",
                    e.getMessage());
            live.values().forEach(s -> byId.putIfAbsent(s.incident().id(), s.incident()));
        }
        return byId.values().stream()
                .sorted(Comparator.comparing((Incident i) -> !i.live()).thenComparing(Incident::startedAtMillis,
                        Comparator.reverseOrder()))
                .limit(limit)
                .toList();
    }

    /** The incidents live now, oldest first, as last read from the log or written here. */
    public synchronized List<Incident> live() {
        return live.values().stream().map(SharedIncident::incident).sorted(Comparator.comparingLong(Incident::startedAtMillis))
                .toList();
    }

    /** How many incidents are live now. */
    public synchronized int liveCount() {
        return live.size();
    }

    private static String valid(String id) {
        if (id == null || id.isBlank()) {
            throw new IncidentException("invalid_action", "incidentId is required");
        }
        return id;
    }

    private static IncidentException noSuchIncident(String id) {
        return new IncidentException("no_such_incident", "no live incident '" + id + "'");
    }

    private Optional<SharedIncident> liveAbout(String subject) {
        return live.values().stream().filter(s -> subject(s.incident()).equals(subject)).findFirst();
    }

    /** Applies {@code change} to live incident {@code id} in the log, or to this agent's copy while the log cannot be written. */
    private void change(String id, UnaryOperator<SharedIncident> change) {
        try {
            Optional<SharedIncident> stored = log.update(id, change);
            if (stored.isPresent()) {
                changed(stored.get());
            } else {
                sync(); // it ended on another agent: told as it ended there
            }
        } catch (IncidentLog.IncidentLogException e) {
            LOG.log(System.Logger.Level.ERROR, "incident {0} not written, changed on this agent only: {1}", id, e.getMessage());
            SharedIncident mine = live.get(id);
            if (mine != null) {
                changed(change.apply(mine));
            }
        }
    }

    private Incident start(ClusterEvent e, Grouping.Raise r, String ofModel) {
        String model = e.breaker() != null ? e.breaker().model() : ofModel;
        String title = e.nodeId() == null ? r.label() + " for " + model
                : r.label() + " on " + e.nodeId() + (model == null ? "" : " (" + model + ")");
        return new Incident("inc-" + e.atMillis() + "-" + (e.nodeId() != null ? e.nodeId() : model), r.severity(),
                IncidentState.OPEN, title, e.nodeId(),
                model == null ? List.of() : List.of(model), e.atMillis(), null, List.of(), List.of(), List.of(), null, null);
    }

    /** Ends {@code s} unless some agent still holds it. */
    private static SharedIncident endIfUnheld(SharedIncident s, long now, String why) {
        if (s.held(now)) {
            return s;
        }
        LOG.log(System.Logger.Level.INFO, "incident ended id={0}: {1}", s.incident().id(), why);
        return s.with(ended(s.incident(), now, "resolved", why));
    }

    private static Incident ended(Incident i, long now, String type, String why) {
        return new Incident(i.id(), i.severity(), IncidentState.RESOLVED, i.title(), i.node(), i.models(),
                i.startedAtMillis(), now, append(i.timeline(), new IncidentEntry(now, type, why)),
                i.evidence(), i.actions(), i.acknowledgedBy(), i.acknowledgedAtMillis());
    }

    /** Keeps this agent's copy as the log has it now, and tells the listeners if the incident changed (not only its holders). */
    private void changed(SharedIncident s) {
        SharedIncident before = s.incident().live() ? live.put(s.incident().id(), s) : live.remove(s.incident().id());
        if (!s.incident().live()) {
            holds.values().removeIf(h -> h.incidentId.equals(s.incident().id()));
        }
        if (before == null || !before.incident().equals(s.incident())) {
            tell(s.incident());
        }
    }

    private void remember(SharedIncident s) {
        live.put(s.incident().id(), s);
    }

    private void tell(Incident incident) {
        for (Consumer<Incident> listener : listeners) {
            listener.accept(incident);
        }
    }

    private static Incident with(Incident i, Line line, IncidentSeverity severity, List<String> evidence,
                                 List<String> actions, List<String> models) {
        return new Incident(i.id(), severity, i.state(), i.title(), i.node(), models, i.startedAtMillis(), i.endedAtMillis(),
                line.in(i.timeline()) ? i.timeline() : append(i.timeline(), line.entry()), evidence, actions, i.acknowledgedBy(),
                i.acknowledgedAtMillis());
    }

    /**
     * A line for the timeline and how to tell it is there already, the same event as another agent
     * saw it: the same type and words within {@link #SAME_EVENT_WITHIN_MILLIS}, or for a breaker the
     * same change of the same breaker (each agent's breaker gives the change its own figures as reason).
     */
    private record Line(IncidentEntry entry, String breakerChange) {

        static Line of(ClusterEvent e) {
            BreakerTransition b = e.breaker();
            return new Line(new IncidentEntry(e.atMillis(), e.type(), e.message()), b == null ? null
                    : new BreakerTransition(b.model(), b.nodeId(), b.from(), b.to(), b.failureRatePercent()).describe());
        }

        boolean in(List<IncidentEntry> timeline) {
            return timeline.stream().anyMatch(t -> t.type().equals(entry.type())
                    && Math.abs(t.eventAtMillis() - entry.eventAtMillis()) <= SAME_EVENT_WITHIN_MILLIS
                    && (t.message().equals(entry.message()) || breakerChange != null
                    && (t.message().equals(breakerChange) || t.message().startsWith(breakerChange + ": "))));
        }
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
