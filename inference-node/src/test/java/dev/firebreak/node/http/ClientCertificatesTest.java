package dev.firebreak.node.http;

import dev.firebreak.node.testing.TestCertificates;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A listener with a client CA (mutual TLS), over real TLS connections with certificates made by openssl. */
class ClientCertificatesTest {

    @TempDir
    static Path dir;
    private static TestCertificates ca;
    private static WebServer server;

    @BeforeAll
    static void start() throws IOException {
        ca = TestCertificates.ca(dir.resolve("ca"), "Firebreak Test CA");
        TestCertificates.Pair serverPair = ca.server("node-1");
        Router routes = new Router()
                .get("/health", exchange -> exchange.json(200, Map.of("status", "UP")))
                .get("/metrics", exchange -> exchange.send(200, "text/plain", "up 1\n".getBytes()))
                .get("/control/status", exchange -> exchange.json(200, Map.of("state", "SERVING")))
                .get("/v1/models", exchange -> exchange.json(200, Map.of("object", "list")));
        server = WebServer.start(HttpSettings.of("127.0.0.1", 0).withTls(
                new HttpSettings.Tls(serverPair.certificate(), serverPair.key(), ca.caCertificate())), routes);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldServeTheControlEndpointAndTheApiToAClientWithACertificateTheCaSigned() throws IOException {
        OkHttpClient http = client(ca.client("agent"));

        assertThat(get(http, "/control/status").code()).isEqualTo(200);
        assertThat(get(http, "/v1/models").code()).isEqualTo(200);
    }

    @Test
    void shouldRefuseTheControlEndpointAndTheApiWithoutAClientCertificateButAnswerProbesAndPrometheus() throws IOException {
        OkHttpClient http = client(null);

        for (String path : new String[] {"/control/status", "/v1/models"}) {
            try (Response r = get(http, path)) {
                assertThat(r.code()).as(path).isEqualTo(401);
                String body = r.body().string();
                assertThat(Json.mapper().readTree(body).get("error").asText()).isEqualTo("client_certificate_required");
                assertThat(body).contains("/health, /metrics, /ready answer without one");
            }
        }
        assertThat(get(http, "/health").code()).isEqualTo(200);
        assertThat(get(http, "/metrics").code()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAClientWhoseCertificateAnotherCaSigned() throws IOException {
        TestCertificates.Pair intruder = TestCertificates.ca(dir.resolve("other"), "Some Other CA").client("intruder");
        // The JDK's client presents no certificate the server's CA list does not name: that is a 401.
        assertThat(get(client(intruder), "/control/status").code()).isEqualTo(401);
        // One that presents it anyway fails the handshake, on every path.
        OkHttpClient insisting = client(intruder, true);
        assertThatThrownBy(() -> get(insisting, "/health").close()).isInstanceOf(IOException.class);
    }

    private static Response get(OkHttpClient http, String path) throws IOException {
        return http.newCall(new Request.Builder().url(server.baseUrl() + path).build()).execute();
    }

    /** A client trusting the test CA, presenting {@code identity} (none when null). */
    private static OkHttpClient client(TestCertificates.Pair identity) throws IOException {
        return client(identity, false);
    }

    /** The same; {@code always} presents the certificate whichever CAs the server names. */
    private static OkHttpClient client(TestCertificates.Pair identity, boolean always) throws IOException {
        X509TrustManager trust = PemKeys.trustManager(PemKeys.trustStore(ca.caCertificate(), "ca"));
        javax.net.ssl.X509ExtendedKeyManager presented = identity == null ? null
                : PemKeys.identity(identity.certificate(), "certificate", identity.key(), "key").keyManager();
        KeyManager[] keys = presented == null ? null : new KeyManager[] {always ? new Insisting(presented) : presented};
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, null);
            return new OkHttpClient.Builder().sslSocketFactory(context.getSocketFactory(), trust)
                    .connectionPool(new okhttp3.ConnectionPool(0, 1, java.util.concurrent.TimeUnit.SECONDS)).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** A key manager that offers its one certificate to any server, as a misconfigured or hostile client would. */
    private static final class Insisting extends javax.net.ssl.X509ExtendedKeyManager {
        private final javax.net.ssl.X509ExtendedKeyManager keys;

        Insisting(javax.net.ssl.X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineClientAlias(String[] types, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return "identity";
        }

        @Override
        public String chooseClientAlias(String[] types, java.security.Principal[] issuers, java.net.Socket socket) {
            return "identity";
        }

        @Override
        public String[] getClientAliases(String type, java.security.Principal[] issuers) {
            return new String[] {"identity"};
        }

        @Override
        public String[] getServerAliases(String type, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String type, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
        }

        @Override
        public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }
}
