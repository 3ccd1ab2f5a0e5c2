package io.modelfleet.security.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void hashesAreSaltedSelfDescribingPbkdf2() throws Exception {
        String a = PasswordHasher.hash("correct horse battery");
        String b = PasswordHasher.hash("correct horse battery");
        assertNotEquals(a, b, "a fresh salt every time");
        String[] parts = a.split("\\$");
        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha256", parts[0]);
        int iterations = Integer.parseInt(parts[1]);
        assertTrue(iterations >= 210_000, "OWASP minimum, was " + iterations);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        assertEquals(16, salt.length);
        // recomputed independently: the format means exactly what it says
        byte[] expected = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("correct horse battery".toCharArray(), salt, iterations, 256))
                .getEncoded();
        assertArrayEquals(expected, Base64.getDecoder().decode(parts[3]));
    }

    @Test
    void verifiesOnlyTheRightPassword() {
        String hash = PasswordHasher.hash("correct horse battery");
        assertTrue(PasswordHasher.verify("correct horse battery", hash));
        assertFalse(PasswordHasher.verify("correct horse batterY", hash));
        assertFalse(PasswordHasher.verify("", hash));
        assertFalse(PasswordHasher.verify(null, hash));
    }

    @Test
    void olderIterationCountsStillVerifyButAskForARehash() {
        String cheap = PasswordHasher.hash("pw", 1000);
        assertTrue(cheap.startsWith("pbkdf2-sha256$1000$"));
        assertTrue(PasswordHasher.verify("pw", cheap));
        assertTrue(PasswordHasher.needsRehash(cheap));
        assertFalse(PasswordHasher.needsRehash(PasswordHasher.hash("pw")));
    }

    @Test
    void malformedHashesNeverVerifyAndNeverThrow() {
        for (String garbage : new String[] { null, "", "plain-text", "md5$1$AAAA$AAAA", "pbkdf2-sha256$x$AAAA$AAAA",
                "pbkdf2-sha256$1000$not base64!$AAAA", "pbkdf2-sha256$1000$AAAA$", "pbkdf2-sha256$0$AAAA$AAAA",
                "pbkdf2-sha256$2000000000$AAAA$AAAA", "pbkdf2-sha256$1000$AAAA$AAAA$extra" }) {
            assertFalse(PasswordHasher.verify("pw", garbage), garbage);
            assertTrue(PasswordHasher.needsRehash(garbage), garbage);
        }
    }

    @Test
    void dummyVerificationCostsAsMuchAsARealOne() {
        String hash = PasswordHasher.hash("some password");
        long real = medianNanos(() -> PasswordHasher.verify("wrong password", hash));
        long dummy = medianNanos(() -> PasswordHasher.dummyVerify("wrong password"));
        // generous bounds for a shared machine; a dummy that skipped the work would be ~1000 times faster
        assertTrue(dummy > real / 3 && dummy < real * 3, "real " + real / 1_000_000 + " ms, dummy "
                + dummy / 1_000_000 + " ms");
    }

    private static long medianNanos(Runnable work) {
        long[] times = new long[5];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            work.run();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times[2];
    }

    @Test
    void sessionTokenMaterialIsRandomAndHashedToHex() {
        String one = PasswordHasher.randomUrlSafe(32);
        assertEquals(43, one.length());
        assertTrue(one.matches("[A-Za-z0-9_-]+"));
        assertNotEquals(one, PasswordHasher.randomUrlSafe(32));
        assertEquals(20, PasswordHasher.randomUrlSafe(15).length());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PasswordHasher.sha256Hex("abc"));
    }
}
