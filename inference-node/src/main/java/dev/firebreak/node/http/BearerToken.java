package dev.firebreak.node.http;



import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Reads {@code Authorization: Bearer <token>} and compares tokens in constant time. */
public final class BearerToken {

    private static final String PREFIX = "Bearer ";

    private BearerToken() {
    }

    /** The bearer token the request carries, if any. */
    public static Optional<String> of(Exchange exchange) {
        String header = exchange.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String token = header.substring(PREFIX.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** True when both tokens are equal; takes the same time wherever they differ. */
    public static boolean matches(String presented, String expected) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Throws 401 unless the request carries exactly {@code expected}. */
    public static void require(Exchange exchange, String expected) {
        String presented = of(exchange).orElseThrow(
                () -> HttpError.unauthorized("missing Authorization: Bearer <control token>"));
        if (!matches(presented, expected)) {
            throw HttpError.unauthorized("the control token is not valid");
        }
    }
}
