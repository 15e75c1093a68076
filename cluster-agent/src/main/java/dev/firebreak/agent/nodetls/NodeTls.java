package dev.firebreak.agent.nodetls;

import dev.firebreak.agent.client.HttpClients;
import dev.firebreak.agent.config.NodeTlsConfig;
import dev.firebreak.node.http.PemKeys;
import dev.firebreak.node.http.PemWatch;
import okhttp3.OkHttpClient;
import okhttp3.internal.tls.OkHostnameVerifier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that sets how the agent talks TLS to its nodes ({@code scrape.tls}): every client
 * that calls nodes (the scraper, the actions' control calls, the gateway) starts from
 * {@link #builder()}, so all of them trust the same CAs and present the same client certificate,
 * and all of them see a rotated CA or certificate once its files change.
 */
public final class NodeTls implements AutoCloseable {

    private final NodeTrust trust;
    private final SSLContext context;
    private final String serverName;
    private final PemWatch watch;

    private NodeTls(NodeTrust trust, SSLContext context, String serverName, PemWatch watch) {
        this.trust = trust;
        this.context = context;
        this.serverName = serverName;
        this.watch = watch;
    }

    /**
     * Reads the files of {@code config} (null: the JDK's trust store, no client certificate) and
     * watches them for changes.
     *
     * @throws IOException naming the setting and the file that is missing or not PEM
     */
    public static NodeTls start(NodeTlsConfig config) throws IOException {
        NodeTlsConfig settings = config == null ? new NodeTlsConfig(null, null, null, null) : config;
        NodeTrust trust = new NodeTrust(trustOf(settings), settings.serverName());
        ClientIdentity identity = new ClientIdentity(identityOf(settings));
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {identity}, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's TLS did not start: " + e.getMessage(), e);
        }
        List<Path> files = new ArrayList<>();
        for (Path file : new Path[] {settings.ca(), settings.certificate(), settings.key()}) {
            if (file != null) {
                files.add(file);
            }
        }
        PemWatch watch = files.isEmpty() ? null : PemWatch.start("scrape.tls " + files, files, () -> {
            // Both read before either is used, so a half-rotated pair leaves the old ones in force.
            NodeTrust.Source nextTrust = trustOf(settings);
            X509ExtendedKeyManager nextIdentity = identityOf(settings);
            trust.use(nextTrust);
            identity.use(nextIdentity);
        });
        return new NodeTls(trust, context, settings.serverName(), watch);
    }

    private static NodeTrust.Source trustOf(NodeTlsConfig settings) throws IOException {
        return settings.ca() == null ? new NodeTrust.Source(PemKeys.trustManager(null), "the JDK's trust store; set scrape.tls.ca")
                : new NodeTrust.Source(PemKeys.trustManager(PemKeys.trustStore(settings.ca(), "scrape.tls.ca")),
                "scrape.tls.ca " + settings.ca());
    }

    private static X509ExtendedKeyManager identityOf(NodeTlsConfig settings) throws IOException {
        return settings.certificate() == null ? null : PemKeys.identity(settings.certificate(), "scrape.tls.certificate",
                settings.key(), "scrape.tls.key").keyManager();
    }

    /** A client builder for calls to nodes: the shared connection policy with this trust and client certificate. */
    public OkHttpClient.Builder builder() {
        OkHttpClient.Builder builder = HttpClients.builder().sslSocketFactory(context.getSocketFactory(), trust);
        if (serverName != null) {
            // Every node's certificate is for serverName, whatever address the node is reached at.
            builder.hostnameVerifier((host, session) -> OkHostnameVerifier.INSTANCE.verify(serverName, session));
        }
        return builder;
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
