package dev.firebreak.agent.nodetls;

import dev.firebreak.node.http.HttpSettings;

import okhttp3.HttpUrl;

import javax.net.ssl.SSLException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a failed TLS connection to a node means, in one line for the node's last error and the gateway's refusals. */
public final class TlsFailure {

    /** The TLS alerts a server sends when it does not take the client's certificate (RFC 8446, 6.2). */
    private static final Set<String> CERTIFICATE_REFUSED = Set.of("bad_certificate", "unsupported_certificate",
            "certificate_revoked", "certificate_expired", "certificate_unknown", "unknown_ca", "access_denied",
            "certificate_required");
    private static final Pattern ALERT = Pattern.compile("fatal alert: (\\w+)");

    private TlsFailure() {
    }

    /**
     * "TLS: ..." saying why the connection to the node at {@code nodeUrl} failed, or empty when
     * {@code failure} is not about TLS.
     */
    public static Optional<String> describe(Throwable failure, String nodeUrl) {
        String node = peer(nodeUrl);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NodeCertificateException refused) {
                return Optional.of("TLS: " + refused.getMessage());
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                String message = ssl.getMessage() == null ? "" : ssl.getMessage();
                Matcher alert = ALERT.matcher(message);
                if (alert.find() && CERTIFICATE_REFUSED.contains(alert.group(1))) {
                    return Optional.of("TLS: " + node + " refused the agent's client certificate (" + alert.group(1)
                            + "): is scrape.tls.certificate signed by a CA in the node's --tls-client-ca, and still valid?");
                }
                if (message.contains("Unsupported or unrecognized SSL message")) {
                    return Optional.of("TLS: " + node + " does not speak TLS (its URL says https, it serves plain HTTP?)");
                }
                return Optional.of("TLS: handshake with " + node + " failed: " + message);
            }
        }
        return Optional.empty();
    }

    /**
     * "TLS: ..." when {@code status} and {@code body} are a node's refusal of a client without a
     * certificate (401 {@code client_certificate_required}), else empty.
     */
    public static Optional<String> certificateRequired(int status, String body, String nodeUrl) {
        String node = peer(nodeUrl);
        if (status != 401 || body == null || !body.contains(HttpSettings.Tls.CLIENT_CERTIFICATE_REQUIRED)) {
            return Optional.empty();
        }
        return Optional.of("TLS: " + node + " requires a client certificate and the agent presented none:"
                + " set scrape.tls.certificate and scrape.tls.key");
    }

    /** host:port of a node's URL, as the agent's TLS messages name a node. */
    private static String peer(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        return parsed == null ? url : parsed.host() + ":" + parsed.port();
    }
}
