package dev.firebreak.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Jetty-based server every Firebreak service runs on: limits, timeouts, TLS and the client-gone watch, over real sockets. */
class WebServerTest {

    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WebServer start(HttpSettings settings, Router router) throws IOException {
        server = WebServer.start(settings, router);
        return server;
    }

    private static Router echo() {
        return new Router()
                .get("/hello", exchange -> exchange.json(200, Map.of("hello", exchange.queryParam("name").orElse("?"))))
                .post("/echo", exchange -> exchange.send(200, "application/octet-stream", exchange.body(1024)));
    }

    @Test
    void shouldAnswerJsonAndDecodeQueryParameters() throws IOException {
        start(HttpSettings.of("127.0.0.1", 0), echo());
        try (Response r = http.newCall(new Request.Builder().url(server.baseUrl() + "/hello?name=n%C3%B6de-1").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(Json.mapper().readTree(r.body().string()).get("hello").asText()).isEqualTo("nöde-1");
        }
    }

    @Test
    void shouldRefuseABodyOverTheLimitWith413BeforeReadingIt() throws IOException {
        start(HttpSettings.of("127.0.0.1", 0), echo());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            // Declares 50 MB and sends none of it: the answer must come from the declared length alone.
            out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(5000);
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void shouldRefuseHeadersOverTheLimitWithAJsonError() throws IOException {
        start(new HttpSettings("127.0.0.1", 0, null, 2048, null, null), echo());
        Request request = new Request.Builder().url(server.baseUrl() + "/hello").header("X-Big", "x".repeat(4096)).build();
        try (Response r = http.newCall(request).execute()) {
            assertThat(r.code()).isEqualTo(431);
            JsonNode body = Json.mapper().readTree(r.body().string());
            assertThat(body.get("error").asText()).isEqualTo("headers_too_large");
        }
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsWithJsonErrors() throws IOException {
        start(HttpSettings.of("127.0.0.1", 0), echo());
        try (Response r = http.newCall(new Request.Builder().url(server.baseUrl() + "/nope").build()).execute()) {
            assertThat(r.code()).isEqualTo(404);
            assertThat(Json.mapper().readTree(r.body().string()).get("error").asText()).isEqualTo("not_found");
        }
        try (Response r = http.newCall(new Request.Builder().url(server.baseUrl() + "/echo").build()).execute()) {
            assertThat(r.code()).isEqualTo(405);
            assertThat(r.header("Allow")).isEqualTo("POST");
        }
    }

    @Test
    void shouldCloseAConnectionThatStaysIdle() throws IOException {
        start(new HttpSettings("127.0.0.1", 0, Duration.ofMillis(300), 0, null, null), echo());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /hel".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5000);
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // Jetty may answer 408 first; then it closes.
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void shouldTellAHandlerThatItsClientWentAway() throws Exception {
        CountDownLatch gone = new CountDownLatch(1);
        CountDownLatch watching = new CountDownLatch(1);
        AtomicBoolean stopResult = new AtomicBoolean(true);
        start(HttpSettings.of("127.0.0.1", 0), new Router().post("/slow", exchange -> {
            exchange.body(1024);
            ClientWatch watch = exchange.watchClient(gone::countDown);
            watching.countDown();
            try {
                gone.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopResult.set(watch.stop());
            exchange.json(200, Map.of());
        }));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(watching.await(5, TimeUnit.SECONDS)).isTrue();
        }
        long closed = System.nanoTime();
        assertThat(gone.await(1, TimeUnit.SECONDS)).as("the watch fires within a second of the close").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(1));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> !stopResult.get());
    }

    @Test
    void shouldKeepTheConnectionForTheNextRequestAfterAWatchedOne() throws Exception {
        AtomicBoolean fired = new AtomicBoolean();
        AtomicReference<ClientWatch> watching = new AtomicReference<>();
        CountDownLatch answer = new CountDownLatch(1);
        start(new HttpSettings("127.0.0.1", 0, Duration.ofMillis(200), 0, null, null), new Router().post("/watched", exchange -> {
            exchange.body(1024);
            watching.set(exchange.watchClient(() -> fired.set(true)));
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.json(200, Map.of("stillThere", watching.get().stop()));
        }).get("/after", exchange -> exchange.json(200, Map.of("ok", true))));
        OkHttpClient oneConnection = http.newBuilder().connectionPool(new okhttp3.ConnectionPool(1, 1, TimeUnit.MINUTES)).build();
        var call = oneConnection.newCall(new Request.Builder().url(server.baseUrl() + "/watched")
                .post(okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json"))).build());
        var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (Response r = call.execute()) {
                return Json.mapper().readTree(r.body().string()).get("stillThere").asBoolean();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // A client that sends nothing while it waits is still there when the connection's idle timeout passes.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> watching.get() != null && watching.get().idleTimeouts() >= 1);
        answer.countDown();
        assertThat(pending.get(10, TimeUnit.SECONDS)).isTrue();
        try (Response r = oneConnection.newCall(new Request.Builder().url(server.baseUrl() + "/after").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        assertThat(fired).isFalse();
        assertThat(oneConnection.connectionPool().connectionCount()).isEqualTo(1);
    }

    @Test
    void shouldServeHttpsFromPemFiles(@TempDir Path dir) throws Exception {
        Path cert = startHttps(dir, "localhost").certificate();
        assertThat(server.baseUrl()).startsWith("https://");

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        OkHttpClient https = http.newBuilder()
                .sslSocketFactory(tls.getSocketFactory(), (X509TrustManager) trust.getTrustManagers()[0]).build();
        try (Response r = https.newCall(new Request.Builder().url(server.baseUrl() + "/hello?name=tls").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.handshake()).isNotNull();
        }
        // Plain HTTP on the TLS port gets no answer in clear text.
        URI base = URI.create(server.baseUrl());
        assertThatThrownBy(() -> {
            try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + base.getPort() + "/hello").build()).execute()) {
                assertThat(r.code()).isNotEqualTo(200);
                throw new IOException("answered " + r.code());
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void shouldServeANewCertificateOnceItsFilesChangeWithoutARestart(@TempDir Path dir) throws Exception {
        HttpSettings.Tls tls = startHttps(dir, "first");
        assertThat(servedSubject()).contains("CN=first");

        Path nextCert = dir.resolve("next-cert.pem");
        Path nextKey = dir.resolve("next-key.pem");
        selfSigned(nextCert, nextKey, "second");
        Files.move(nextKey, tls.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(nextCert, tls.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> servedSubject().contains("CN=second"));
    }

    /** The subject of the certificate the server presents to a new connection. */
    private String servedSubject() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustAll.getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
            socket.startHandshake();
            return ((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
        }
    }

    /** Serves {@link #echo()} over HTTPS with a new self-signed certificate for {@code cn}, in {@code dir}/cert.pem and key.pem. */
    private HttpSettings.Tls startHttps(Path dir, String cn) throws Exception {
        HttpSettings.Tls tls = new HttpSettings.Tls(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        selfSigned(tls.certificate(), tls.key(), cn);
        start(HttpSettings.of("127.0.0.1", 0).withTls(tls), echo());
        return tls;
    }

    /** A self-signed EC certificate for {@code cn} (and 127.0.0.1) with its PKCS#8 key, made by openssl. */
    private static void selfSigned(Path cert, Path key, String cn) throws Exception {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "1", "-subj", "/CN=" + cn, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
                .redirectErrorStream(true).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0)
                .as("openssl made a key pair: " + new String(openssl.getInputStream().readAllBytes())).isTrue();
    }

    @Test
    void shouldRefuseAKeyThatIsNotPkcs8WithAClearMessage(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, "not a certificate");
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> start(HttpSettings.of("127.0.0.1", 0).withTls(new HttpSettings.Tls(cert, key)), echo()))
                .isInstanceOf(IOException.class).hasMessageContaining(cert.toString());
    }
}
