package dev.firebreak.agent.audit;

import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;

import java.io.IOException;
import java.util.function.Function;

/** What every change an operator asks for over the API must carry for the audit log: why, and a key to retry it by. */
public final class AuditedChange {

    /** The longest idempotency key kept. */
    public static final int MAX_IDEMPOTENCY_KEY = 200;

    private AuditedChange() {
    }

    /**
     * The change asked for in {@code exchange}'s body (at most {@code maxBody} bytes), refused with
     * 400 {@code invalidCode} and the first thing {@code problem} finds wrong with it, if any.
     */
    public static <T> T read(Exchange exchange, Class<T> type, int maxBody, Function<T, String> problem, String invalidCode)
            throws IOException {
        T request = exchange.readJson(type, null, maxBody);
        String wrong = problem.apply(request);
        if (wrong != null) {
            throw HttpError.badRequest(invalidCode, wrong);
        }
        return request;
    }

    /** What is wrong with a change's {@code reason} and {@code idempotencyKey}, or {@code null} when both are right. */
    public static String problem(String reason, String idempotencyKey) {
        if (reason == null || reason.isBlank()) {
            return "reason is required: say why, for whoever reads the audit log";
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY) {
            return "idempotencyKey is required (1-" + MAX_IDEMPOTENCY_KEY + " characters)";
        }
        return null;
    }
}
