package io.modelfleet.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes in the self-describing form {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}
 * (standard Base64), so stored hashes keep verifying when {@link #ITERATIONS} rises and can be upgraded at login.
 */
final class PasswordHasher {
    static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    // a stored hash asking for more is corrupt or planted; refusing it keeps one login from burning minutes of CPU
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DUMMY = hash(randomUrlSafe(HASH_BYTES));

    private PasswordHasher() {
    }

    static String hash(String password) {
        return hash(password, ITERATIONS);
    }

    static String hash(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations, HASH_BYTES));
    }

    /** False for a wrong password and for anything that is not a hash in this format. */
    static boolean verify(String password, String encoded) {
        Parsed parsed = parse(encoded);
        return parsed != null && MessageDigest.isEqual(parsed.hash(),
                derive(password, parsed.salt(), parsed.iterations(), parsed.hash().length));
    }

    /** Spends the time of a real verification, so an unknown username cannot be told apart by response time. */
    /** Costs what verifying a real hash costs, and is never true: for usernames that do not exist. */
    static boolean dummyVerify(String password) {
        verify(password, DUMMY);
        return false;
    }

    /** True when the hash is weaker than what {@link #hash(String)} writes today. */
    static boolean needsRehash(String encoded) {
        Parsed parsed = parse(encoded);
        return parsed == null || parsed.iterations() < ITERATIONS || parsed.hash().length < HASH_BYTES;
    }

    /** That many random bytes as Base64url without padding: 15 bytes give 20 characters, 32 give 43. */
    static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Session tokens carry 256 random bits; unlike passwords they cannot be guessed, so a fast hash suffices. */
    static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String encoded) {
        if (encoded == null) {
            return null;
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return null;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length == 0 || hash.length == 0) {
                return null;
            }
            return new Parsed(iterations, salt, hash);
        } catch (IllegalArgumentException e) { // not a number, not Base64
            return null;
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec((password == null ? "" : password).toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
