package dev.firebreak.agent.keys;

import dev.firebreak.node.http.BearerToken;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;

import java.util.Map;

/**
 * Who may use the gateway: a client presents a key as OpenAI's clients do
 * ({@code Authorization: Bearer fb-...}). A missing, unknown or revoked key gets 401
 * {@code invalid_api_key}, unless the gateway is in open mode, where a request without a working key
 * passes with no limits (OpenAI SDKs always send some key, so in open mode an unknown one is not refused).
 */
public final class ClientKeys {

    private final KeyRing ring;
    private final boolean open;

    /** @param open the gateway's open mode ({@code gateway.open}), off by default */
    public ClientKeys(KeyRing ring, boolean open) {
        this.ring = ring;
        this.open = open;
    }

    /** A gateway without keys, every client admitted: for a gateway built outside an agent (tests of routing). */
    public static ClientKeys openWithout() {
        return new ClientKeys(null, true);
    }

    /** The client of a request, checked before its body is read. */
    public Client identify(Exchange exchange) {
        String presented = BearerToken.of(exchange).orElse(null);
        KeyQuota quota = presented == null || ring == null ? null : ring.find(presented).orElse(null);
        if (quota != null) {
            return new Client(quota);
        }
        if (open) {
            return new Client(null);
        }
        throw new HttpError(401, "invalid_api_key", presented == null
                ? "no API key: send Authorization: Bearer <key> (an operator creates keys with firebreak-agent keys create)"
                : "the API key " + shown(presented) + " is not valid here (unknown or revoked)",
                Map.of("WWW-Authenticate", "Bearer"));
    }

    /** What a person may be shown of a presented key: its first characters, never all of it. */
    private static String shown(String presented) {
        return presented.length() <= 8 ? "'" + "*".repeat(presented.length()) + "'"
                : "'" + presented.substring(0, 6) + "...'";
    }

    /** A client of the gateway: its key's quota, or none in open mode. */
    public static final class Client {
        private final KeyQuota quota;

        private Client(KeyQuota quota) {
            this.quota = quota;
        }

        /**
         * Admits one request for {@code model}.
         *
         * @throws HttpError 403 {@code model_not_allowed}, 429 {@code rate_limit_exceeded}
         */
        public Lease admit(String model) {
            return quota == null ? Lease.NONE : quota.admit(model);
        }
    }
}
