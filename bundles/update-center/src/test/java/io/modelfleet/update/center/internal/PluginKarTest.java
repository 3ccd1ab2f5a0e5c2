package io.modelfleet.update.center.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginKarTest {
    private static final String FEATURES = "<features name=\"echo\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">"
            + "<feature name=\"modelfleet-echo\" version=\"1.0.0\"><bundle>mvn:x/echo/1.0.0</bundle></feature>"
            + "<feature name=\"echo-library\" install=\"manual\"><bundle>mvn:x/lib/1</bundle></feature></features>";
    @TempDir
    Path folder;

    private Path kar(Map<String, String> entries) throws IOException {
        Path kar = folder.resolve("plugin.kar");
        try (OutputStream out = Files.newOutputStream(kar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return kar;
    }

    private String refusal(Map<String, String> entries) throws IOException {
        Path kar = kar(entries);
        return assertThrows(UpdateCenterException.class, () -> PluginKar.extract(kar, folder.resolve("out"), 1_000_000)).getMessage();
    }

    @Test
    void extractsTheRepositoryAndReadsItsFeatures() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
        entries.put("repository/x/echo/1.0.0/echo-1.0.0.jar", "jar bytes");
        entries.put("repository/x/echo/1.0.0/echo-1.0.0-features.xml", FEATURES);
        entries.put("repository/x/echo/1.0.0/other.xml", "<project/>");
        Path out = folder.resolve("out");
        PluginKar kar = PluginKar.extract(kar(entries), out, 1_000_000);
        assertEquals(List.of("x/echo/1.0.0/echo-1.0.0-features.xml"), kar.repositoryPaths());
        assertEquals(List.of(new PluginKar.KarFeature("modelfleet-echo", "1.0.0", true, "x/echo/1.0.0/echo-1.0.0-features.xml"),
                new PluginKar.KarFeature("echo-library", "0.0.0", false, "x/echo/1.0.0/echo-1.0.0-features.xml")), kar.features());
        assertEquals("jar bytes", Files.readString(out.resolve("x/echo/1.0.0/echo-1.0.0.jar")));
        assertFalse(Files.exists(out.resolve("META-INF")));
    }

    @Test
    void refusesKarsThatWouldWriteOutsideTheirRepositoryOrAreNotPluginKars() throws Exception {
        assertTrue(refusal(Map.of("resources/etc/users.properties", "admin=admin", "repository/f.xml", FEATURES))
                .contains("outside repository/"));
        assertTrue(refusal(Map.of("repository/../../etc/evil.cfg", "x")).contains("unsafe path"));
        assertTrue(refusal(Map.of("repository/x/a.jar", "x")).contains("no feature repository"));
        assertTrue(refusal(Map.of("repository/f.xml", "<features><feature version=\"1\"/></features>"))
                .contains("a feature without a name"));
        assertTrue(refusal(Map.of("repository/f.xml", "<!DOCTYPE features [<!ENTITY x SYSTEM \"file:/etc/passwd\">]>"
                + "<features><feature name=\"&x;\"/></features>")).contains("no feature repository"),
                "a document type declaration is not read (no external entities)");
        Path notZip = folder.resolve("not.kar");
        Files.writeString(notZip, "hello");
        assertTrue(assertThrows(UpdateCenterException.class, () -> PluginKar.extract(notZip, folder.resolve("o"), 100))
                .getMessage().contains("not a KAR"));
    }

    @Test
    void refusesAKarThatExpandsBeyondTheLimit() throws Exception {
        Path kar = kar(Map.of("repository/big.bin", "0".repeat(10_000), "repository/f.xml", FEATURES));
        String refused = assertThrows(UpdateCenterException.class, () -> PluginKar.extract(kar, folder.resolve("o"), 5_000)).getMessage();
        assertTrue(refused.contains("expands to more than 5000 bytes"), refused);
    }
}
