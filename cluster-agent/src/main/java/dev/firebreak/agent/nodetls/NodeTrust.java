package dev.firebreak.agent.nodetls;

import okhttp3.internal.tls.OkHostnameVerifier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whom the agent trusts for nodes' certificates (the configured CA bundle or the JDK's trust
 * store, swapped when the bundle's file changes), checking what the JDK checks and saying in an
 * operator's words why a certificate is refused: expired on a date, for another host, signed by
 * a CA that is not trusted. The host is checked here as OkHttp checks it afterwards, by
 * {@link OkHostnameVerifier}, only so that the refusal can say which names the certificate has.
 */
final class NodeTrust extends X509ExtendedTrustManager {

    /** A trust manager and where its CAs come from, for messages. */
    record Source(X509ExtendedTrustManager trust, String from) {
    }

    private volatile Source source;
    private final String serverName;

    /** @param serverName the name every node's certificate must carry, or null for the host of the node's URL */
    NodeTrust(Source source, String serverName) {
        this.source = source;
        this.serverName = serverName;
    }

    void use(Source next) {
        this.source = next;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        Source now = source;
        SSLSession handshake = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
        check(chain, handshake, now, () -> now.trust().checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        Source now = source;
        check(chain, engine == null ? null : engine.getHandshakeSession(), now,
                () -> now.trust().checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        Source now = source;
        check(chain, null, now, () -> now.trust().checkServerTrusted(chain, authType));
    }

    private interface Check {
        void run() throws CertificateException;
    }

    private void check(X509Certificate[] chain, SSLSession handshake, Source now, Check jdk) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new NodeCertificateException("the node presented no certificate");
        }
        String peer = handshake == null || handshake.getPeerHost() == null ? "the node"
                : handshake.getPeerHost() + ":" + handshake.getPeerPort();
        X509Certificate leaf = chain[0];
        String subject = leaf.getSubjectX500Principal().getName();
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new NodeCertificateException("certificate of " + peer + " (" + subject + ") expired on "
                    + leaf.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new NodeCertificateException("certificate of " + peer + " (" + subject + ") is not valid before "
                    + leaf.getNotBefore().toInstant() + " (is this host's clock right?)", e);
        }
        try {
            jdk.run();
        } catch (CertificateException e) {
            throw new NodeCertificateException("certificate of " + peer + " (" + subject + ", issued by "
                    + leaf.getIssuerX500Principal().getName() + ") is not signed by a CA the agent trusts (" + now.from() + ")", e);
        }
        String expected = serverName != null ? serverName : handshake == null ? null : handshake.getPeerHost();
        if (expected != null && !OkHostnameVerifier.INSTANCE.verify(expected, leaf)) {
            throw new NodeCertificateException("certificate of " + peer + " is for " + names(leaf) + ", not " + expected
                    + (serverName != null ? " (scrape.tls.serverName)" : ""));
        }
    }

    /** The DNS names and IP addresses a certificate is for. */
    private static String names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    // 2: a DNS name, 7: an IP address.
                    if (name.get(0) instanceof Integer type && (type == 2 || type == 7)) {
                        names.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return "names that cannot be read (" + e.getMessage() + ")";
        }
        return names.isEmpty() ? "no host (it has no subject alternative names)"
                : names.size() == 1 ? "host " + names.getFirst() : "hosts " + String.join(", ", names);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the agent's trust towards nodes checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the agent's trust towards nodes checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent's trust towards nodes checks servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return source.trust().getAcceptedIssuers();
    }
}
