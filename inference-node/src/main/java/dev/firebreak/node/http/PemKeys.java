package dev.firebreak.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/** Reads a PEM certificate chain and private key into an in-memory key store for the TLS listener. */
final class PemKeys {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PemKeys() {
    }

    /** A PKCS#12 key store holding the key under alias "server", protected by {@code password}. */
    static KeyStore keyStore(HttpSettings.Tls tls, char[] password) throws IOException {
        List<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(tls.certificate())) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (GeneralSecurityException e) {
            throw new IOException("tls certificate " + tls.certificate() + " is not a PEM certificate: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException("tls certificate " + tls.certificate() + " holds no certificate");
        }
        PrivateKey key = privateKey(tls.key(), chain.getFirst().getPublicKey().getAlgorithm());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("tls key " + tls.key() + " does not match certificate " + tls.certificate()
                    + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file, String algorithm) throws IOException {
        String pem = Files.readString(file);
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            String hint = pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                    ? " (it is PKCS#1/SEC1: convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`)"
                    : pem.contains("BEGIN ENCRYPTED PRIVATE KEY") ? " (it is encrypted: give an unencrypted key, readable by the service only)" : "";
            throw new IOException("tls key " + file + " is not a PEM PKCS#8 private key" + hint);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("tls key " + file + " is not a " + algorithm + " key: " + e.getMessage(), e);
        }
    }
}
