package dev.firebreak.agent.cli;

import dev.firebreak.agent.api.ApiKeyView;
import dev.firebreak.agent.api.KeyAction;
import dev.firebreak.agent.api.KeyRequest;
import dev.firebreak.agent.api.KeyResult;
import dev.firebreak.agent.api.KeyStatus;
import dev.firebreak.agent.client.AgentClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * {@code keys create|list|rotate|revoke}: the gateway's client API keys, for an operator. A new
 * secret is printed once, on a line of its own, for scripts to take.
 */
@Command(name = "keys", description = "Client API keys of the gateway: create, list, rotate, revoke.",
        subcommands = {KeysCli.Create.class, KeysCli.ListKeys.class, KeysCli.Rotate.class, KeysCli.Revoke.class})
public final class KeysCli {

    /** A change to a key: a reason is required, the idempotency key defaults to a fresh one. */
    abstract static class KeyChange extends Cli.AgentCommand {
        @Mixin
        Cli.Change change = new Cli.Change();

        abstract KeyRequest request();

        @Override
        final int run(AgentClient client, PrintWriter out) throws IOException {
            KeyResult result = client.keys(request());
            out.printf("%s %s: %s (audit %d)%n", result.action(), result.key() == null ? "" : result.key().id(),
                    result.outcome(), result.auditId());
            if (result.secret() != null) {
                out.println("secret (shown only this once):");
                out.println(result.secret());
            }
            return Cli.OK;
        }
    }

    @Command(name = "create", description = "Create a key; prints its secret once.")
    public static final class Create extends KeyChange {
        @Parameters(index = "0", description = "Who the key is for.")
        String name;

        @Option(names = "--models", split = ",", description = "Models it may call, comma-separated (default: every model).")
        List<String> models;

        @Option(names = "--rpm", description = "Requests per minute (default: no limit).")
        Integer requestsPerMinute;

        @Option(names = "--tpm", description = "Tokens per minute (default: no limit).")
        Integer tokensPerMinute;

        @Option(names = "--concurrent", description = "Requests in flight at once (default: no limit).")
        Integer maxConcurrent;

        @Override
        KeyRequest request() {
            return KeyRequest.create(name, models, requestsPerMinute, tokensPerMinute, maxConcurrent, change.reason,
                    change.idempotencyKey());
        }
    }

    /** {@code rotate} and {@code revoke}: a change to one key, by its id. */
    abstract static class OnKey extends KeyChange {
        private final KeyAction action;

        @Parameters(index = "0", description = "Key id.")
        String id;

        OnKey(KeyAction action) {
            this.action = action;
        }

        @Override
        final KeyRequest request() {
            return KeyRequest.on(action, id, change.reason, change.idempotencyKey());
        }
    }

    @Command(name = "rotate", description = "Give a key a new secret (printed once); the old one stops working.")
    public static final class Rotate extends OnKey {
        public Rotate() {
            super(KeyAction.ROTATE);
        }
    }

    @Command(name = "revoke", description = "Revoke a key: it stops working on every agent replica.")
    public static final class Revoke extends OnKey {
        public Revoke() {
            super(KeyAction.REVOKE);
        }
    }

    @Command(name = "list", description = "List the keys with their limits and their usage on the agent answering.")
    public static final class ListKeys extends Cli.AgentCommand {
        @Override
        int run(AgentClient client, PrintWriter out) throws IOException {
            out.printf("%-16s %-20s %-13s %-8s %7s %9s %5s %9s %10s %8s%n", "ID", "NAME", "SECRET", "STATE", "RPM", "TPM",
                    "CONC", "REQUESTS", "TOKENS", "LIMITED");
            for (KeyStatus s : client.keys()) {
                ApiKeyView k = s.key();
                out.printf("%-16s %-20s %-13s %-8s %7s %9s %5s %9d %10d %8d%n", k.id(), k.name(), k.prefix() + "...",
                        k.revoked() ? "revoked" : "active", orAny(k.requestsPerMinute()), orAny(k.tokensPerMinute()),
                        orAny(k.maxConcurrent()), s.requests(), s.tokens(), s.rateLimited());
                if (!k.models().isEmpty()) {
                    out.println("  models " + String.join(", ", k.models()));
                }
                if (k.revoked()) {
                    out.println("  revoked " + Instant.ofEpochMilli(k.revokedAtMillis()));
                }
            }
            return Cli.OK;
        }

        private static String orAny(Integer limit) {
            return limit == null ? "-" : limit.toString();
        }
    }
}
