package io.modelfleet.agent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packed archive, unpacked and started as a user would: every bundle resolves, and a broken one is named. */
class AgentDistributionIT {
    @TempDir
    Path dir;

    private Path unpack() throws Exception {
        Path archive = Path.of(System.getProperty("modelfleet.agent.archive"));
        assertEquals(0, new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString()).inheritIO().start().waitFor());
        try (Stream<Path> tops = Files.list(dir)) {
            return tops.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static String[] check(Path home) throws Exception {
        Process process = new ProcessBuilder(home.resolve("bin/modelfleet-agent").toString(), "check")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new String[] { Integer.toString(process.exitValue()), output };
    }

    @Test
    void everyBundleOfTheAgentStarts() throws Exception {
        String[] result = check(unpack());
        assertEquals("0", result[0], result[1]);
        for (String bundle : List.of("io.modelfleet.api", "io.modelfleet.agent", "io.modelfleet.onnxruntime",
                "io.modelfleet.plugin.runtime.onnx", "org.apache.felix.scr", "org.apache.felix.fileinstall")) {
            assertTrue(result[1].lines().anyMatch(l -> l.contains(" ACTIVE ") && l.contains(bundle + " ")),
                    bundle + " ACTIVE in\n" + result[1]);
        }
    }

    @Test
    void aBundleThatCannotResolveStopsTheStartAndIsNamed() throws Exception {
        Path home = unpack();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "broken.plugin");
        manifest.getMainAttributes().putValue("Import-Package", "com.example.nowhere");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(home.resolve("system/broken.jar")), manifest)) {
            jar.flush();
        }
        String[] result = check(home);
        assertNotEquals("0", result[0], result[1]);
        assertTrue(result[1].contains("broken.plugin") && result[1].contains("com.example.nowhere"), result[1]);
    }

}
