package dev.firebreak.node.http;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Reads PEM files into what TLS needs: a certificate chain and its PKCS#8 private key (the
 * identity a server or a client presents), or a bundle of CA certificates (whom it trusts). Every
 * error names the setting and the file, in one line.
 */
public final class PemKeys {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PemKeys() {
    }

    /** A key and its chain in an in-memory PKCS#12 store, under a fresh random password. */
    public record Identity(KeyStore store, char[] password) {

        /** A key manager presenting this identity. */
        public X509ExtendedKeyManager keyManager() {
            try {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, password);
                return (X509ExtendedKeyManager) factory.getKeyManagers()[0];
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("an in-memory key store did not open: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The certificate chain in {@code certificate} and the key in {@code key}.
     *
     * @param certificateSetting what the certificate file is to whoever reads the error ("--tls-cert", "scrape.tls.certificate")
     * @param keySetting         what the key file is to them
     */
    public static Identity identity(Path certificate, String certificateSetting, Path key, String keySetting) throws IOException {
        List<X509Certificate> chain = certificates(certificate, certificateSetting);
        PrivateKey privateKey = privateKey(key, keySetting, chain.getFirst().getPublicKey().getAlgorithm());
        char[] password = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(18)).toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("identity", privateKey, password, chain.toArray(Certificate[]::new));
            return new Identity(store, password);
        } catch (GeneralSecurityException e) {
            throw new IOException(keySetting + " " + key + " does not match " + certificateSetting + " " + certificate
                    + ": " + e.getMessage(), e);
        }
    }

    /** A trust store holding every certificate of the PEM bundle {@code bundle}. */
    public static KeyStore trustStore(Path bundle, String setting) throws IOException {
        List<X509Certificate> cas = certificates(bundle, setting);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an in-memory trust store did not take a certificate: " + e.getMessage(), e);
        }
    }

    /** A trust manager trusting what {@code store} holds, or the JDK's trust store when it is null. */
    public static X509ExtendedTrustManager trustManager(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's trust manager did not start: " + e.getMessage(), e);
        }
    }

    /** The X.509 certificates of a PEM file, at least one. */
    public static List<X509Certificate> certificates(Path file, String setting) throws IOException {
        List<X509Certificate> certificates;
        try (InputStream in = new java.io.ByteArrayInputStream(read(file, setting))) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new IOException(setting + " " + file + " is not a PEM certificate (-----BEGIN CERTIFICATE----- ...)", e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(setting + " " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE----- ...)");
        }
        return certificates;
    }

    private static PrivateKey privateKey(Path file, String setting, String algorithm) throws IOException {
        String pem = new String(read(file, setting), java.nio.charset.StandardCharsets.ISO_8859_1);
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            String hint = pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                    ? " (it is PKCS#1/SEC1: convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`)"
                    : pem.contains("BEGIN ENCRYPTED PRIVATE KEY") ? " (it is encrypted: give an unencrypted key, readable by the service only)" : "";
            throw new IOException(setting + " " + file + " is not a PEM PKCS#8 private key" + hint);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(setting + " " + file + " is not a " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String setting) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(setting + " " + file + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(setting + " " + file + ": not readable by this user", e);
        } catch (IOException e) {
            throw new IOException(setting + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
