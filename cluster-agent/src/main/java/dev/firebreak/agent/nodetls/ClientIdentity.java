package dev.firebreak.agent.nodetls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * The client certificate the agent presents to nodes (mutual TLS), swapped when its files change,
 * or none. It is presented to any node that asks, whichever CAs the node names: a node that does
 * not accept it then says so in the handshake, which the agent reports, rather than the agent
 * quietly presenting nothing and the node answering "certificate required".
 */
final class ClientIdentity extends X509ExtendedKeyManager {

    private static final String ALIAS = "identity";

    /** The key manager of one certificate and key under {@link #ALIAS}, or null for none. */
    private volatile X509ExtendedKeyManager keys;

    ClientIdentity(X509ExtendedKeyManager keys) {
        this.keys = keys;
    }

    void use(X509ExtendedKeyManager next) {
        this.keys = next;
    }

    private String alias(String[] keyTypes) {
        X509ExtendedKeyManager now = keys;
        if (now == null || keyTypes == null) {
            return null;
        }
        String algorithm = now.getPrivateKey(ALIAS).getAlgorithm();
        return Arrays.asList(keyTypes).contains(algorithm) ? ALIAS : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return alias(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return alias(keyTypes);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = alias(new String[] {keyType});
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        X509ExtendedKeyManager now = keys;
        return now == null ? null : now.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        X509ExtendedKeyManager now = keys;
        return now == null ? null : now.getPrivateKey(alias);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
