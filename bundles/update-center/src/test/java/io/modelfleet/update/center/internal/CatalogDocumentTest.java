package io.modelfleet.update.center.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class CatalogDocumentTest {
    private static final URI LOCATION = URI.create("https://plugins.example.com/v1/catalog.json");
    private static final String SHA = "a".repeat(64);

    private static String release(String version, String platform) {
        return "{\"version\":\"" + version + "\",\"platform\":\"" + platform + "\",\"kar\":\"kars/echo-" + version
                + ".kar\",\"feature\":\"modelfleet-echo\",\"sha256\":\"" + SHA + "\",\"signature\":\"c2ln\"}";
    }

    private static CatalogDocument parse(String json) throws UpdateCenterException {
        return CatalogDocument.parse(LOCATION, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String json) {
        return assertThrows(UpdateCenterException.class, () -> parse(json)).getMessage();
    }

    @Test
    void readsPluginsWithVersionsNewestFirstAndLocationsResolvedAgainstTheCatalog() throws Exception {
        CatalogDocument catalog = parse("{\"formatVersion\":1,\"plugins\":[{\"id\":\"echo\",\"kind\":\"solution_type\","
                + "\"name\":\"Echo\",\"versions\":[" + release("1.0.0", "[0.1,1)") + "," + release("1.10.0", "[0.1,1)")
                + "," + release("2.0.0", "[2,3)") + "]},{\"id\":\"alpha\",\"kind\":\"OTHER\",\"name\":\"A\",\"versions\":["
                + release("1", "[0,1)") + "]}]}");
        assertEquals("alpha", catalog.plugins().get(0).id());
        CatalogDocument.Entry echo = catalog.plugin("echo").orElseThrow();
        assertEquals("SOLUTION_TYPE", echo.kind());
        assertEquals("", echo.description());
        assertEquals(Version.parseVersion("2.0.0"), echo.versions().get(0).version());
        assertEquals(Version.parseVersion("1.10.0"), echo.versions().get(1).version());
        assertEquals(URI.create("https://plugins.example.com/v1/kars/echo-1.0.0.kar"), echo.release("1.0.0").orElseThrow().kar());
        assertTrue(echo.release("1.0").isPresent(), "1.0 and 1.0.0 are the same version");
        assertFalse(echo.versions().get(0).supports(new Version(0, 1, 0)));
        assertTrue(echo.versions().get(1).supports(new Version(0, 1, 0)));
    }

    @Test
    void refusesWhatIsNotACatalogWithTheReason() {
        assertTrue(refusal("not json").contains("is not JSON"));
        assertTrue(refusal("[]").contains("not a JSON object"));
        assertTrue(refusal("{\"formatVersion\":2,\"plugins\":[]}").contains("reads formatVersion 1"));
        assertTrue(refusal("{\"formatVersion\":1}").contains("no \"plugins\" list"));
        String entry = "{\"id\":\"echo\",\"kind\":\"DATA_SOURCE\",\"name\":\"Echo\",\"versions\":[" + release("1.0.0", "[0.1,1)") + "]}";
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[" + entry + "," + entry + "]}").contains("lists plugin echo twice"));
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[" + entry.replace("\"echo\"", "\"Echo!\"") + "]}")
                .contains("lower-case letters"));
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[" + entry.replace("DATA_SOURCE", "GADGET") + "]}")
                .contains("has kind GADGET"));
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[" + entry.replace(",\"name\":\"Echo\"", "") + "]}")
                .contains("catalog plugin echo has no \"name\""));
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[" + entry.replace(SHA, "abc") + "]}").contains("64 hex digits"));
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[" + entry.replace("[0.1,1)", "soon") + "]}")
                .contains("not a version range"));
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[" + entry.replace("\"1.0.0\"", "\"one\"") + "]}")
                .contains("not a version such as 1.2.0"));
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[" + entry.replace("modelfleet-echo", "a b") + "]}")
                .contains("not a feature name"));
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[{\"id\":\"echo\",\"kind\":\"OTHER\",\"name\":\"E\",\"versions\":[]}]}")
                .contains("must list 1 to 100 versions"));
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[{\"id\":\"echo\",\"kind\":\"OTHER\",\"name\":\"E\",\"versions\":["
                + release("1.0.0", "[0,1)") + "," + release("1.0", "[0,1)") + "]}]}").contains("lists version 1.0.0 twice"));
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[" + entry.replace("\"Echo\"", "\"" + "x".repeat(2001) + "\"") + "]}")
                .contains("longer than 2000 characters"));
    }

    @Test
    void limitsHowManyPluginsACatalogMayList() {
        StringBuilder plugins = new StringBuilder();
        for (int i = 0; i <= CatalogDocument.MAX_PLUGINS; i++) {
            plugins.append(i == 0 ? "" : ",").append("{}");
        }
        assertTrue(refusal("{\"formatVersion\":1,\"plugins\":[" + plugins + "]}").contains("more than 1000 plugins"));
    }

    @Test
    void aConfiguredFolderMeansItsCatalogJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) {
        assertEquals(folder.resolve("catalog.json").toUri(), UpdateCenter.catalogLocation(folder.toString()));
        assertEquals(URI.create("https://x.example/c.json"), UpdateCenter.catalogLocation("https://x.example/c.json"));
        assertEquals(folder.resolve("mine.json").toUri(), UpdateCenter.catalogLocation(folder.resolve("mine.json").toString()));
    }
}
