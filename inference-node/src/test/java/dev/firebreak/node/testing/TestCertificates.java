package dev.firebreak.node.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time by {@code openssl}: a CA, and leaf certificates it signs (PEM,
 * EC P-256, PKCS#8 keys) for a server or a client, valid now, expired, or for another host.
 */
public final class TestCertificates {

    /** A certificate and its key, in files. */
    public record Pair(Path certificate, Path key) {
    }

    private static final String CA_CONFIG = """
            [ca]
            default_ca = test
            [test]
            database = index.txt
            new_certs_dir = .
            serial = serial
            default_md = sha256
            policy = any
            unique_subject = no
            [any]
            commonName = supplied
            """;

    private final Path dir;
    private final Pair ca;

    private TestCertificates(Path dir, Pair ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** A new CA named {@code name} with its files in {@code dir} (created if needed). */
    public static TestCertificates ca(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Pair ca = new Pair(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", ca.key().toString(), "-out", ca.certificate().toString(), "-days", "3", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Files.writeString(dir.resolve("ca.cnf"), CA_CONFIG);
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), "01\n");
        return new TestCertificates(dir, ca);
    }

    /** The CA's own certificate: the bundle to trust. */
    public Path caCertificate() {
        return ca.certificate();
    }

    /** A server certificate for 127.0.0.1 and localhost, valid for two days from now. */
    public Pair server(String name) throws IOException {
        return issue(name, "serverAuth", "IP:127.0.0.1,DNS:localhost", null);
    }

    /** A server certificate for {@code dnsName} only. */
    public Pair serverFor(String name, String dnsName) throws IOException {
        return issue(name, "serverAuth", "DNS:" + dnsName, null);
    }

    /** A server certificate for 127.0.0.1 and localhost that expired on 2 January 2025 at midnight UTC. */
    public Pair expiredServer(String name) throws IOException {
        return issue(name, "serverAuth", "IP:127.0.0.1,DNS:localhost", new String[] {"20250101000000Z", "20250102000000Z"});
    }

    /** A client certificate for mutual TLS, valid for two days from now. */
    public Pair client(String name) throws IOException {
        return issue(name, "clientAuth", "DNS:" + name, null);
    }

    private Pair issue(String name, String usage, String altNames, String[] validity) throws IOException {
        Pair pair = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + "-key.pem"));
        Path request = dir.resolve(name + ".csr");
        Path extensions = dir.resolve(name + ".ext");
        openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", pair.key().toString(), "-out", request.toString(), "-subj", "/CN=" + name);
        Files.writeString(extensions, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage="
                + usage + "\nsubjectAltName=" + altNames + "\n");
        List<String> args = new ArrayList<>(List.of("ca", "-batch", "-notext", "-config", "ca.cnf",
                "-cert", ca.certificate().toString(), "-keyfile", ca.key().toString(), "-in", request.toString(),
                "-out", pair.certificate().toString(), "-extfile", extensions.toString()));
        if (validity == null) {
            args.addAll(List.of("-days", "2"));
        } else {
            args.addAll(List.of("-startdate", validity[0], "-enddate", validity[1]));
        }
        openssl(dir, args.toArray(String[]::new));
        return pair;
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running openssl", e);
        }
    }
}
