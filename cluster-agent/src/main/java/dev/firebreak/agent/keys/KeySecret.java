package dev.firebreak.agent.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret of a client API key: {@code fb-} and 32 random bytes in URL-safe Base64. The agent keeps
 * only its SHA-256: a stolen database gives no working key, and a secret of 256 random bits needs no
 * slow hash against guessing.
 */
public record KeySecret(String value) {

    /** What every secret starts with, so a leaked one is recognised (secret scanners, logs). */
    public static final String PREFIX = "fb-";
    private static final int SHOWN = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static KeySecret generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new KeySecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The hex SHA-256 of {@code secret}, as stored and looked up. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public String hash() {
        return hash(value);
    }

    /** The first characters, shown to tell keys apart. */
    public String shown() {
        return value.substring(0, SHOWN);
    }

    @Override
    public String toString() {
        return shown() + "...";
    }
}
