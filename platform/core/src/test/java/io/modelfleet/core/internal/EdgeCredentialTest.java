package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EdgeCredentialTest {

    @Test
    void roundTrips() {
        String secret = Secrets.random();
        EdgeCredential credential = EdgeCredential.parse(EdgeCredential.issue(42, secret).value()).orElseThrow();
        assertEquals(42, credential.edgeId());
        assertEquals(secret, credential.secret());
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] { null, "", "mfs_abc", "mfc_", "mfc_12", "mfc_12_", "mfc_x_abc", "mfc_-1_abc",
                "mfc_0_abc", "mfc_99999999999999999999_abc", "mfc_1_" + "a".repeat(200),
                // one edge, one credential: no other spelling of its id
                "mfc_042_abc", "mfc_+42_abc", "mfc_٤٢_abc" }) {
            assertTrue(EdgeCredential.parse(bad).isEmpty(), String.valueOf(bad));
        }
    }

    @Test
    void secretsAreLongRandomAndHashedStably() {
        String a = Secrets.random();
        String b = Secrets.random();
        assertEquals(43, a.length()); // 32 bytes, base64url without padding
        assertTrue(!a.equals(b));
        assertEquals(Secrets.sha256(a), Secrets.sha256(a));
        assertEquals(64, Secrets.sha256(a).length());
        assertTrue(Secrets.sameHash(Secrets.sha256(a), Secrets.sha256(a)));
        assertTrue(!Secrets.sameHash(Secrets.sha256(a), Secrets.sha256(b)));
    }
}
