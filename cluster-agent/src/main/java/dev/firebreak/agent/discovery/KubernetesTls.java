package dev.firebreak.agent.discovery;

import dev.firebreak.node.http.PemKeys;
import okhttp3.OkHttpClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** Trusts the cluster's CA (the service account's {@code ca.crt}) for calls to the API server. */
final class KubernetesTls {

    private KubernetesTls() {
    }

    /** {@code builder} trusting only the CA certificates in {@code caFile} (PEM). */
    static OkHttpClient.Builder trusting(OkHttpClient.Builder builder, Path caFile) throws IOException {
        X509TrustManager trust = PemKeys.trustManager(PemKeys.trustStore(caFile, "discovery.kubernetes.caFile"));
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
            return builder.sslSocketFactory(context.getSocketFactory(), trust);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the cluster CA " + caFile + ": " + e.getMessage(), e);
        }
    }
}
