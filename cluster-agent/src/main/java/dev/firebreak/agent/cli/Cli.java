package dev.firebreak.agent.cli;

import dev.firebreak.agent.api.ActionRequest;
import dev.firebreak.agent.api.ActionResult;
import dev.firebreak.agent.api.ActionType;
import dev.firebreak.agent.api.AuditEntry;
import dev.firebreak.agent.api.BreakerView;
import dev.firebreak.agent.api.ClusterSnapshot;
import dev.firebreak.agent.api.NodeView;
import dev.firebreak.agent.client.AgentClient;
import dev.firebreak.agent.client.AgentException;
import dev.firebreak.node.api.DrainDeadline;
import dev.firebreak.agent.api.ModelReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The agent's command line for scripts: {@code status}, {@code drain}, {@code resume}, {@code trip},
 * {@code reset}, {@code reroute}, {@code audit}. Exit codes: 0 done, 1 the agent rejected the action,
 * 2 bad usage, 3 agent unreachable, 4 token refused.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int REJECTED = 1;
    public static final int UNREACHABLE = 3;
    public static final int REFUSED = 4;

    private Cli() {
    }

    /** Where the agent is and how to authenticate, shared by every command. */
    static final class Target {
        @Option(names = "--agent", defaultValue = "${env:FIREBREAK_AGENT_URL}", required = true,
                description = "Agent URL (or env FIREBREAK_AGENT_URL).")
        String agent;

        @Option(names = "--token", defaultValue = "${env:FIREBREAK_TOKEN}", required = true,
                description = "Bearer token (or env FIREBREAK_TOKEN).")
        String token;
    }

    /** Why a change is made and its retry-safe key, asked by every command that changes something. */
    static final class Change {
        @Option(names = "--reason", required = true, description = "Why (goes to the audit log).")
        String reason;

        @Option(names = "--idempotency-key", description = "Retry-safe key (default: a new random one).")
        String key;

        /** The key given, or a fresh one. */
        String idempotencyKey() {
            return key != null ? key : UUID.randomUUID().toString();
        }
    }

    /** Runs a call against the agent, turning failures into a message and an exit code. */
    abstract static class AgentCommand implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (okhttp3.HttpUrl.parse(target.agent) == null) {
                err.println("firebreak-agent: --agent (or FIREBREAK_AGENT_URL) '" + target.agent
                        + "' is not an http:// or https:// URL");
                return REJECTED;
            }
            try (AgentClient client = new AgentClient(target.agent, target.token)) {
                return run(client, out);
            } catch (AgentException e) {
                err.println("firebreak-agent: " + e.getMessage());
                return e.status() == 401 || e.status() == 403 ? REFUSED : REJECTED;
            } catch (IOException e) {
                err.println("firebreak-agent: agent " + target.agent + " unreachable: " + e.getMessage());
                return UNREACHABLE;
            }
        }

        abstract int run(AgentClient client, PrintWriter out) throws IOException;
    }

    /** An action command: a reason is required, the idempotency key defaults to a fresh one. */
    abstract static class ActionCommand extends AgentCommand {
        private final ActionType type;

        @picocli.CommandLine.Mixin
        Change change = new Change();

        @Option(names = "--expires-in", description = "Undo by itself after this many seconds.")
        Long expiresInSeconds;

        ActionCommand(ActionType type) {
            this.type = type;
        }

        /** This command's action on {@code model} and {@code node} (either may be null), as the agent is asked for it. */
        ActionRequest request(String model, String node, Long drainDeadline) {
            Long expires = expiresInSeconds == null ? null : System.currentTimeMillis() + expiresInSeconds * 1000;
            return new ActionRequest(type, model, node, null, null, null, drainDeadline, change.reason,
                    change.idempotencyKey(), expires);
        }

        /** The action this command asks the agent for. */
        abstract ActionRequest action();

        @Override
        final int run(AgentClient client, PrintWriter out) throws IOException {
            ActionResult result = client.act(action());
            out.printf("%s %s: %s (audit %d)%n", result.type(), result.target(), result.outcome(), result.auditId());
            return result.decision().equals("APPLIED") ? OK : REJECTED;
        }
    }

    /** {@code drain} and {@code resume}: an action on one node. */
    abstract static class NodeCommand extends ActionCommand {
        @Parameters(index = "0", description = "Node id.")
        String node;

        NodeCommand(ActionType type) {
            super(type);
        }

        @Override
        ActionRequest action() {
            return request(null, node, null);
        }
    }

    /** {@code trip} and {@code reset}: an action on a model's breaker on one node, or on every node. */
    abstract static class BreakerCommand extends ActionCommand {
        @Parameters(index = "0", description = "Model.")
        String model;

        @Option(names = "--node", description = "Node id (default: every node).")
        String node;

        BreakerCommand(ActionType type) {
            super(type);
        }

        @Override
        ActionRequest action() {
            return request(model, node, null);
        }
    }

    @Command(name = "status", description = "Print nodes, models and breakers.")
    public static final class Status extends AgentCommand {
        @Override
        int run(AgentClient client, PrintWriter out) throws IOException {
            ClusterSnapshot s = client.cluster();
            out.printf("cluster %s at %s%n", s.cluster(), Instant.ofEpochMilli(s.atMillis()));
            for (NodeView n : s.nodes()) {
                out.printf("%-12s %-7s %-9s%s%n", n.id(), n.health(), n.status() == null ? "-" : n.status().state(),
                        n.lastError() == null ? "" : "  " + n.lastError());
                if (n.status() != null) {
                    for (ModelReport m : n.status().models()) {
                        out.printf(Locale.ROOT, "  %-14s kv %s (%s orphaned)  running %s  waiting %s  %s tok/s%n",
                                m.model(), m.kv().known() ? String.format(Locale.ROOT, "%5.1f%%", 100 * m.kv().usage()) : "n/a",
                                orNa(m.kv().blocksOrphaned()), orNa(m.sequencesRunning()), orNa(m.sequencesWaiting()),
                                m.tokensPerSecond() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", m.tokensPerSecond()));
                    }
                }
            }
            for (BreakerView b : s.breakers()) {
                out.printf("breaker %s@%s %s%n", b.model(), b.nodeId(), b.state());
            }
            s.alerts().forEach(a -> out.printf("ALERT %s %s@%s: %s%n", a.kind(), a.model(), a.node(), a.evidence()));
            return OK;
        }

        /** A figure the node's engine does not give prints as n/a, never 0. */
        private static String orNa(Number figure) {
            return figure == null ? "n/a" : figure.toString();
        }
    }

    @Command(name = "drain", description = "Drain a node: finish what it holds, take nothing new.")
    public static final class Drain extends NodeCommand {
        @Option(names = "--deadline", defaultValue = "" + DrainDeadline.DEFAULT_SECONDS,
                description = "Seconds before what is left is cancelled (default: ${DEFAULT-VALUE}).")
        long deadline;

        public Drain() {
            super(ActionType.DRAIN);
        }

        @Override
        ActionRequest action() {
            return request(null, node, deadline);
        }
    }

    @Command(name = "resume", description = "Let a drained node take work again.")
    public static final class Resume extends NodeCommand {
        public Resume() {
            super(ActionType.RESUME);
        }
    }

    @Command(name = "trip", description = "Force a model's breaker open on a node (or every node).")
    public static final class Trip extends BreakerCommand {
        public Trip() {
            super(ActionType.TRIP);
        }
    }

    @Command(name = "reset", description = "Close a model's breaker on a node (or every node).")
    public static final class Reset extends BreakerCommand {
        public Reset() {
            super(ActionType.RESET);
        }
    }

    @Command(name = "reroute", description = "Move a model off a node.")
    public static final class Reroute extends ActionCommand {
        @Parameters(index = "0", description = "Model.")
        String model;

        @Option(names = "--off", required = true, description = "The node to move it off.")
        String node;

        public Reroute() {
            super(ActionType.REROUTE);
        }

        @Override
        ActionRequest action() {
            return request(model, node, null);
        }
    }

    @Command(name = "audit", description = "Print the audit log, newest first.")
    public static final class Audit extends AgentCommand {
        @Option(names = "--limit", defaultValue = "20", description = "How many entries (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(AgentClient client, PrintWriter out) throws IOException {
            for (AuditEntry e : client.audit(limit)) {
                out.printf("%d %s %s (%s) %s %s: %s %s -- %s%n", e.id(), Instant.ofEpochMilli(e.atMillis()), e.who(), e.role(),
                        e.action(), e.target() == null ? "" : e.target(), e.decision(), e.outcome(),
                        e.reason() == null ? "" : e.reason());
            }
            return OK;
        }
    }
}
