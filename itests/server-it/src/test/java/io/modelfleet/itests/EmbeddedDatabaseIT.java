package io.modelfleet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/** With no database configured the server runs on its embedded MariaDB, as the README's run command does. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EmbeddedDatabaseIT extends ServerTestSupport {

    @Configuration
    public Option[] config() {
        return serverOptions(null);
    }

    @Test
    public void servesTheApiFromTheEmbeddedDatabase() throws Exception {
        long started = System.nanoTime();
        awaitHealthy();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue("healthy within 30 s of the container starting, took " + seconds + " s", seconds <= 30);
        String admin = login("admin", ADMIN_PASSWORD);
        String secret = post("/api/v1/enrollment-tokens", admin, Map.of("maxUses", 1)).expect(201).json()
                .path("secret").asText();
        JsonNode edge = post("/api/v1/edge/enroll", null, Map.of("token", secret, "name", "embedded-edge")).expect(201)
                .json();
        assertEquals("embedded-edge", get("/api/v1/edges/" + edge.path("edgeId").asLong(), admin).expect(200).json()
                .path("name").asText());
        assertTrue(new java.io.File(System.getProperty("karaf.data"), "mariadb").isDirectory());
    }
}
