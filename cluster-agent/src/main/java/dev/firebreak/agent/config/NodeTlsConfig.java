package dev.firebreak.agent.config;

import java.nio.file.Path;

/**
 * {@code scrape.tls}: how the agent reaches nodes served over HTTPS, for every call it makes to them
 * (scrapes, drain and resume, the gateway's traffic). Relative paths are resolved against the
 * configuration's folder; the files are read again when they change.
 *
 * @param ca          PEM bundle of the CAs that sign the nodes' certificates; absent: the JDK's trust store
 * @param certificate PEM certificate chain the agent presents to nodes that require client certificates (mTLS)
 * @param key         its PEM (PKCS#8) private key
 * @param serverName  the name every node's certificate must be for, instead of the host in its URL (nodes
 *                    reached by pod IP, say, that share one certificate for their Service's name); absent:
 *                    the URL's host
 */
public record NodeTlsConfig(Path ca, Path certificate, Path key, String serverName) {

    public NodeTlsConfig {
        serverName = serverName == null || serverName.isBlank() ? null : serverName.trim();
        if (key != null && certificate == null) {
            throw new IllegalArgumentException("scrape.tls.key is set without scrape.tls.certificate: the agent's client"
                    + " certificate needs both (PEM files)");
        }
        if (certificate != null && key == null) {
            throw new IllegalArgumentException("scrape.tls.certificate is set without scrape.tls.key: the agent's client"
                    + " certificate needs both (PEM files)");
        }
    }

    /** The same, its relative paths taken from {@code folder}. */
    public NodeTlsConfig resolvedAgainst(Path folder) {
        return new NodeTlsConfig(ca == null ? null : folder.resolve(ca), certificate == null ? null : folder.resolve(certificate),
                key == null ? null : folder.resolve(key), serverName);
    }
}
