package io.modelfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.time.Instant;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.ImportContext;

/** The kit's own helpers do what their javadoc says. */
class TestKitTest {
    @Retention(RetentionPolicy.RUNTIME)
    @interface Sample {
        String id() default "sample";

        long limit() default 10;

        String[] tags() default {};

        String secret() default "";
    }

    @Test
    void configurationsTakeValuesElseDefaultsAsDsDoes() {
        Sample defaults = ConfigAnnotations.of(Sample.class, Map.of());
        assertEquals("sample", defaults.id());
        assertEquals(10, defaults.limit());
        assertEquals(Sample.class, defaults.annotationType());

        Sample set = ConfigAnnotations.of(Sample.class, Map.of("id", "x"), Map.of("limit", 3, "tags", "a",
                "secret", "hunter2"));
        assertEquals("x", set.id());
        assertEquals(3L, set.limit(), "an int becomes the long the property is");
        assertArrayEquals(new String[] { "a" }, set.tags(), "one string becomes a one-element array");
        assertFalse(set.toString().contains("hunter2"), set.toString());
        assertThrows(IllegalArgumentException.class, () -> ConfigAnnotations.of(Sample.class, Map.of("limt", 1)));
    }

    @Test
    void bundleJarsCarryTheirHeadersAndEntries() throws Exception {
        byte[] jar = BundleJars.bundle("io.example", "1.2.3").entry("readme.txt", "hi").toBytes();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            assertEquals("io.example", in.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
            assertEquals("1.2.3", in.getManifest().getMainAttributes().getValue("Bundle-Version"));
            assertEquals("2", in.getManifest().getMainAttributes().getValue("Bundle-ManifestVersion"));
            assertEquals("readme.txt", in.getNextJarEntry().getName());
        }
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(BundleJars.plainJar().toBytes()))) {
            assertNull(in.getManifest().getMainAttributes().getValue("Bundle-ManifestVersion"));
        }
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(BundleJars.zip(Map.of("a.jar", jar))))) {
            assertEquals("a.jar", in.getNextEntry().getName());
            assertArrayEquals(jar, in.readAllBytes());
        }
    }

    @Test
    void theImportContextCollectsAndChecksAsTold() throws Exception {
        CollectingImportContext context = new CollectingImportContext(java.util.List.of("w")).requireColumns()
                .cancelAfter(1);
        assertFalse(context.cancelled());
        assertThrows(InvalidInputException.class, () -> context.accept(item(Map.of("h", "1"), "ok")));
        context.accept(item(Map.of("w", "1"), null));
        assertTrue(context.cancelled());
        String ref = context.storeContent("x.png", new ByteArrayInputStream(new byte[] { 1, 2 }));
        assertArrayEquals(new byte[] { 1, 2 }, context.contents.get(ref));
        assertThrows(InvalidInputException.class, () -> context.storeContent("big.bin",
                zeros(ImportContext.MAX_CONTENT_BYTES + 1)));
        assertThrows(InvalidInputException.class, () -> CollectingImportContext.files().requireLabels()
                .accept(item(Map.of(), " ")));
    }

    @Test
    void manifestsAreSignedWithTheCurrentKey() throws Exception {
        TestManifestSigning signing = new TestManifestSigning();
        Instant now = Instant.parse("2026-12-05T10:00:00Z");
        SignedManifest signed = signing.sign(new ModelManifest(1, 2, 3, "m", "v1", "onnx", "ab".repeat(32), 10,
                ModelManifest.ARTIFACT_PATH + 1, Map.of(), now, now.plusSeconds(60)));
        assertTrue(signing.verifies(signed));
        String oldKey = signing.publicKey();
        signing.rotate();
        assertFalse(signing.verifies(signed));
        assertTrue(TestManifestSigning.verify(oldKey, signed));
        assertThrows(UnsupportedOperationException.class, () -> signing.sign((io.modelfleet.api.deployment.AgentManifest) null));
    }

    /** {@code size} zero bytes, never all in memory at once. */
    private static InputStream zeros(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(bytes, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    private static DataItem item(Map<String, String> fields, String label) {
        return new DataItem("k", fields, null, null, label, null, null, null, null);
    }
}
