package dev.firebreak.node.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.OutputStream;
import java.security.KeyStore;
import java.util.concurrent.Executors;

/**
 * A Firebreak HTTP server on Jetty: one port, handlers on virtual threads, limits on headers and
 * idle connections, HTTPS when {@link HttpSettings#tls()} is set, and JSON errors also for what
 * Jetty itself refuses (malformed requests, headers too large).
 */
public final class WebServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ConnectionGuard guard;
    private final PemWatch reload;

    private WebServer(Server server, ServerConnector connector, ConnectionGuard guard, PemWatch reload) {
        this.server = server;
        this.connector = connector;
        this.guard = guard;
        this.reload = reload;
    }

    /** Binds, routes every request through {@code router}, and starts serving. */
    public static WebServer start(HttpSettings settings, Router router) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(settings.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ServerConnector connector;
        PemWatch reload = null;
        HttpSettings.Tls tls = settings.tls();
        if (tls != null) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ListenerKeys.read(tls).applyTo(ssl);
            // Asked, not needed, at the handshake: probes without a certificate still reach /health;
            // ClientCertificates refuses them everywhere else. A certificate not signed by the CA fails the handshake.
            ssl.setWantClientAuth(tls.clientCa() != null);
            reload = PemWatch.start("tls certificate " + tls.certificate(), tls.files(), () -> {
                ListenerKeys keys = ListenerKeys.read(tls);
                ssl.reload(keys::applyTo);
            });
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        connector.setAcceptQueueSize(256);
        HttpSettings.Limits limits = settings.limits();
        ConnectionGuard guard = new ConnectionGuard(limits.headerTimeout(), limits.maxConnectionsPerAddress());
        connector.addBean(guard);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setHandler(tls != null && tls.clientCa() != null ? new ClientCertificates(router) : router);
        server.setErrorHandler(WebServer::jsonError);
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            new WebServer(server, connector, guard, reload).close();
            // Jetty says "Failed to bind"; its cause says why (address already in use, not allowed).
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + why, e);
        }
        return new WebServer(server, connector, guard, reload);
    }

    /** The URL a client on this host reaches the server at. */
    public String baseUrl() {
        String host = connector.getHost();
        if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (reload != null ? "https://" : "http://") + host + ":" + port();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Connections cut off so far: headers too slow, or over the cap for their client address. */
    public long connectionsCutOff() {
        return guard.slowHeadersClosed() + guard.overAddressCapClosed();
    }

    @Override
    public void close() {
        guard.close();
        if (reload != null) {
            reload.close();
        }
        try {
            server.stop();
        } catch (Exception e) {
            System.getLogger(WebServer.class.getName()).log(System.Logger.Level.WARNING, "stopping the server: " + e);
        }
    }

    /** What Jetty answers when it refuses a request before any handler: the same JSON error body as ours. */
    private static boolean jsonError(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        String code = switch (status) {
            case 400 -> "bad_request";
            case 413 -> "body_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> "http_" + status;
        };
        String text = message == null ? "the request was refused (HTTP " + status + ")" : message.toString();
        answer(response, status, new ApiError(code, text), callback);
        return true;
    }

    /** Answers {@code error} as JSON, outside any route. */
    static void answer(Response response, int status, ApiError error, Callback callback) {
        try {
            byte[] body = Json.mapper().writeValueAsBytes(error);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                out.write(body);
            }
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    /** A listener's certificate and key, and the CAs of its clients' certificates when it asks for them. */
    private record ListenerKeys(PemKeys.Identity identity, KeyStore clientCas) {

        static ListenerKeys read(HttpSettings.Tls tls) throws IOException {
            return new ListenerKeys(PemKeys.identity(tls.certificate(), "tls certificate", tls.key(), "tls key"),
                    tls.clientCa() == null ? null : PemKeys.trustStore(tls.clientCa(), "tls client CA"));
        }

        void applyTo(SslContextFactory factory) {
            factory.setKeyStore(identity.store());
            factory.setKeyStorePassword(new String(identity.password()));
            if (clientCas != null) {
                factory.setTrustStore(clientCas);
            }
        }
    }
}
