package io.modelfleet.agent.internal;

import static io.modelfleet.agent.internal.ReleaseFixtures.archive;
import static io.modelfleet.agent.internal.ReleaseFixtures.bundle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an agent release archive may hold: top-level bundle jars and release.properties, within bounds. */
class ReleaseArchiveTest {
    @TempDir
    Path dir;

    private Path write(Map<String, byte[]> entries) throws Exception {
        return Files.write(dir.resolve("release.zip"), archive(entries));
    }

    private String refusal(Map<String, byte[]> entries) throws Exception {
        Path zip = write(entries);
        return assertThrows(ReleaseArchive.RejectedException.class, () -> ReleaseArchive.unpack(zip, dir.resolve("out")))
                .getMessage();
    }

    @Test
    void bundlesAndTheirPropertiesAreUnpackedIntoTheFolder() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("release.properties", "version=2.0.0\n".getBytes(StandardCharsets.UTF_8));
        entries.put("io.modelfleet.agent.jar", bundle("io.modelfleet.agent;singleton:=true", "2.0.0"));
        entries.put("extra-plugin_1.0.jar", bundle("com.example.extra", "1.0.0.qualifier"));
        List<ReleaseArchive.Bundle> bundles = ReleaseArchive.unpack(write(entries), dir.resolve("out"));
        assertEquals(List.of(new ReleaseArchive.Bundle("io.modelfleet.agent.jar", "io.modelfleet.agent", "2.0.0"),
                new ReleaseArchive.Bundle("extra-plugin_1.0.jar", "com.example.extra", "1.0.0.qualifier")), bundles);
        assertTrue(Files.exists(dir.resolve("out/io.modelfleet.agent.jar")));
        assertEquals("version=2.0.0\n", Files.readString(dir.resolve("out/release.properties")));
    }

    @Test
    void nothingLandsOutsideTheFolder() throws Exception {
        for (String name : List.of("../evil.jar", "..\\evil.jar", "/tmp/evil.jar", "lib/nested.jar", "lib/")) {
            String refusal = refusal(Map.of(name, bundle("evil", "1.0.0")));
            assertTrue(refusal.contains("without folders"), name + ": " + refusal);
        }
        assertFalse(Files.exists(dir.resolve("evil.jar")));
        assertTrue(refusal(Map.of(".hidden.jar", bundle("hidden", "1.0.0"))).contains("plain names"));
    }

    @Test
    void onlyBundleJarsAndTheReleasePropertiesGetIn() throws Exception {
        assertTrue(refusal(Map.of("notes.txt", new byte[1])).contains("'notes.txt'"));
        assertTrue(refusal(Map.of("install.sh", new byte[1])).contains("bundle jars (*.jar"));
        assertTrue(refusal(Map.of("plain.jar", bundle(null, "1.0.0"))).contains("plain.jar has no Bundle-SymbolicName"));
        assertTrue(refusal(Map.of("unversioned.jar", bundle("unversioned", null))).contains("has no Bundle-Version"));
        assertTrue(refusal(Map.of("odd.jar", bundle("odd", "one.two"))).contains("no OSGi version"));
        assertTrue(refusal(Map.of("broken.jar", "not a zip".getBytes(StandardCharsets.UTF_8)))
                .contains("broken.jar is not a readable jar"));
        Map<String, byte[]> twice = new LinkedHashMap<>();
        twice.put("a.jar", bundle("same.bundle", "1.0.0"));
        twice.put("b.jar", bundle("same.bundle", "1.1.0"));
        assertTrue(refusal(twice).contains("bundle same.bundle twice"));
        assertTrue(refusal(Map.of("release.properties", new byte[1])).contains("no bundle jar"));
    }

    @Test
    void entriesAndUnpackedSizeAreBounded() throws Exception {
        Map<String, byte[]> many = new LinkedHashMap<>();
        byte[] jar = bundle("b", "1.0.0");
        for (int i = 0; i < ReleaseArchive.MAX_BUNDLES + 2; i++) {
            many.put("b" + i + ".jar", jar);
        }
        assertTrue(refusal(many).contains("has " + (ReleaseArchive.MAX_BUNDLES + 2) + " entries"));

        Map<String, byte[]> largeProperties = new LinkedHashMap<>();
        largeProperties.put("release.properties", new byte[100_000]);
        largeProperties.put("a.jar", jar);
        assertTrue(refusal(largeProperties).contains("release.properties is larger than 64 KiB"));

        Map<String, byte[]> twoJars = new LinkedHashMap<>();
        twoJars.put("a.jar", jar);
        twoJars.put("b.jar", bundle("c", "1.0.0"));
        Path zip = write(twoJars);
        String tooBig = assertThrows(ReleaseArchive.RejectedException.class,
                () -> ReleaseArchive.unpack(zip, dir.resolve("small"), jar.length + 10)).getMessage();
        assertEquals("it unpacks to more than " + (jar.length + 10) + " bytes (at b.jar)", tooBig);
    }
}
