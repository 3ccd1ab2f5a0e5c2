package io.modelfleet.rest.internal;

import static io.modelfleet.rest.internal.InMemoryAgentReleases.bundle;
import static io.modelfleet.rest.internal.InMemoryAgentReleases.release;
import static io.modelfleet.rest.internal.InMemoryAgentReleases.zip;
import static io.modelfleet.rest.internal.RestCalls.ALICE;
import static io.modelfleet.rest.internal.RestCalls.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.core.MediaType;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.security.Role;
import io.modelfleet.rest.internal.RestCalls.Answer;

/** {@code /api/v1/agent-releases}: the upload in the raw body, its limits and errors as the client sees them, lists. */
class AgentReleaseResourceTest {
    private final InMemoryAgentReleases store = new InMemoryAgentReleases();
    private final AgentReleaseResource resource = new AgentReleaseResource(store.service());

    private Answer upload(String version, String notes, String contentLength, byte[] body) throws Exception {
        return answer(() -> resource.upload(version, notes, contentLength, new ByteArrayInputStream(body), ALICE));
    }

    @Test
    void anUploadAnswers201WithTheReleaseAndWhereItLives() throws Exception {
        byte[] archive = release("0.2.0");
        Answer created = upload(" 0.2.1 ", " first cut ", Integer.toString(archive.length), archive);
        assertEquals(201, created.status(), created.json()::toString);
        assertEquals("/api/v1/agent-releases/1", created.location());
        JsonNode json = created.json();
        assertEquals(1, json.get("id").asLong());
        assertEquals("0.2.1", json.get("version").asText(), "the parameter wins over release.properties");
        assertEquals("first cut", json.get("notes").asText());
        assertEquals("alice", json.get("createdBy").asText());
        assertEquals(archive.length, json.get("sizeBytes").asLong());
        assertEquals(64, json.get("sha256").asText().length());
        assertEquals(1, json.get("bundles").size());
        JsonNode bundle = json.get("bundles").get(0);
        assertEquals("io.modelfleet.agent", bundle.get("symbolicName").asText());
        assertEquals("0.2.0", bundle.get("version").asText());
        assertTrue(bundle.get("sizeBytes").asLong() > 0);
        assertEquals(1, store.stored.size(), "the archive went to the artifact store");
    }

    @Test
    void theVersionAndNotesMayComeFromTheArchive() throws Exception {
        Answer created = upload("", null, null, release("0.3.0"));
        assertEquals(201, created.status(), created.json()::toString);
        assertEquals("0.3.0", created.json().get("version").asText());
        assertEquals("from the archive", created.json().get("notes").asText());
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsRead() throws Exception {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };
        Answer refused = answer(() -> resource.upload("0.4.0", null,
                Long.toString(AgentReleaseService.MAX_ARCHIVE_BYTES + 1), untouchable, ALICE));
        assertEquals(413, refused.status());
        assertEquals("payload_too_large", refused.error());
        assertEquals("the release archive is " + (AgentReleaseService.MAX_ARCHIVE_BYTES + 1) + " bytes; the limit is "
                + AgentReleaseService.MAX_ARCHIVE_BYTES + " bytes", refused.detail());
        assertTrue(store.releases.isEmpty() && store.stored.isEmpty());

        // at the limit, or without a usable length (chunked), the service counts the bytes itself
        AgentReleaseResource.refuseDeclaredOversize(Long.toString(AgentReleaseService.MAX_ARCHIVE_BYTES));
        AgentReleaseResource.refuseDeclaredOversize(null);
        AgentReleaseResource.refuseDeclaredOversize("lots");
    }

    @Test
    void archivesThatAreNoReleaseAre400sInWords() throws Exception {
        Map<String, byte[]> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < AgentReleaseService.MAX_BUNDLES + 2; i++) {
            tooMany.put("b" + i + ".jar", bundle("b" + i, "1.0.0"));
        }
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("no bytes", new byte[0]);
        cases.put("not a zip", "just text".getBytes(StandardCharsets.UTF_8));
        cases.put("a plain jar", zip(Map.of("plain.jar", bundle(null, null))));
        cases.put("a folder", zip(Map.of("lib/a.jar", bundle("a", "1.0.0"))));
        cases.put("a stray file", zip(Map.of("a.jar", bundle("a", "1.0.0"), "readme.txt", new byte[] { 1 })));
        cases.put("no bundle", zip(Map.of("release.properties", "version=1.0.0".getBytes(StandardCharsets.UTF_8))));
        cases.put("too many bundles", zip(tooMany));
        for (Map.Entry<String, byte[]> archive : cases.entrySet()) {
            Answer refused = upload("1.0.0", null, null, archive.getValue());
            assertEquals(400, refused.status(), () -> archive.getKey() + ": " + refused.json().path("detail"));
            assertEquals("invalid_input", refused.error(), archive.getKey());
            assertFalse(refused.detail().isBlank(), archive.getKey());
            assertFalse(refused.detail().matches(".*\\b(java|io\\.modelfleet)\\.[a-z]+\\..*|.*Exception.*"),
                    archive.getKey() + " names no Java class: " + refused.detail());
        }
        assertTrue(store.releases.isEmpty());
    }

    @Test
    void aMissingOrMalformedVersionNamesTheField() throws Exception {
        Answer missing = upload(null, null, null, release(null));
        assertEquals(400, missing.status());
        assertEquals("is required", missing.json().at("/fields/version").asText(), missing.json()::toString);
        Answer malformed = upload("../1", null, null, release(null));
        assertEquals(400, malformed.status());
        assertEquals("is not a release version", malformed.json().at("/fields/version").asText());
        Answer longNotes = upload("1.0.0", "n".repeat(2049), null, release(null));
        assertEquals(400, longNotes.status(), longNotes.json()::toString);
        assertTrue(longNotes.detail().startsWith("notes "), longNotes.detail());
    }

    @Test
    void anExistingVersionIsAConflict() throws Exception {
        assertEquals(201, upload(null, null, null, release("0.2.0")).status());
        Answer again = upload(null, null, null, release("0.2.0"));
        assertEquals(409, again.status());
        assertEquals("conflict", again.error());
        assertTrue(again.detail().contains("0.2.0"), again.detail());
    }

    @Test
    void listsPageNewestFirstAndGetFindsOne() throws Exception {
        upload(null, null, null, release("0.2.0"));
        upload(null, null, null, release("0.3.0"));
        Answer page = answer(() -> resource.list(null, null));
        assertEquals(List.of("list 50 0"), store.calls);
        assertEquals(2, page.json().get("total").asLong());
        assertEquals("0.3.0", page.json().at("/items/0/version").asText());
        assertEquals("0.2.0", answer(() -> resource.list("1", "1")).json().at("/items/0/version").asText());
        assertEquals("0.2.0", answer(() -> resource.get("1")).json().get("version").asText());

        for (String limit : List.of("x", "0", "501", "1.5")) {
            Answer bad = answer(() -> resource.list(limit, null));
            assertEquals(400, bad.status(), limit);
            assertTrue(bad.detail().startsWith("limit "), bad.detail());
        }
        assertEquals(400, answer(() -> resource.list(null, "-1")).status());
        assertEquals("agent release 99 does not exist", answer(() -> resource.get("99")).detail());
        Answer notAnId = answer(() -> resource.get("abc"));
        assertEquals(404, notAnId.status());
        assertEquals("agent release 'abc' does not exist", notAnId.detail());
    }

    @Test
    void managersUploadViewersRead() throws Exception {
        assertEquals(Role.MANAGER, AgentReleaseResource.class.getMethod("upload", String.class, String.class,
                String.class, InputStream.class, javax.ws.rs.core.SecurityContext.class).getAnnotation(RequiresRole.class).value());
        assertEquals(Role.VIEWER, AgentReleaseResource.class.getMethod("list", String.class, String.class)
                .getAnnotation(RequiresRole.class).value());
        assertEquals(Role.VIEWER, AgentReleaseResource.class.getMethod("get", String.class)
                .getAnnotation(RequiresRole.class).value());
        List<String> accepted = List.of(AgentReleaseResource.class.getMethod("upload", String.class, String.class,
                String.class, InputStream.class, javax.ws.rs.core.SecurityContext.class).getAnnotation(Consumes.class).value());
        assertTrue(accepted.containsAll(List.of("application/zip", MediaType.APPLICATION_OCTET_STREAM)), accepted::toString);
        assertNull(AgentReleaseResource.class.getAnnotation(RequiresRole.class), "each method says its role");
    }
}
