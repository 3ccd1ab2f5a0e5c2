package io.modelfleet.plugin.source.local.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.testkit.CollectingImportContext;
import io.modelfleet.testkit.ConfigAnnotations;

/**
 * Zip archives of class folders as users upload them, well-formed or damaged (bytes changed, cut short): an import
 * yields only items whose key is a safe entry path inside a class folder, labelled by that folder, with exactly the
 * entry's bytes, within the limits; anything else fails with {@link InvalidInputException} (what the import job
 * shows the user), never with another exception.
 */
class ZipImportFuzzTest {
    private static final List<String> SEGMENTS = List.of("cat", "dog", "pets", "..", ".", ".git", "__MACOSX", "",
            "a\\b", "C:", "é", "x.jpg", "a b", "\u0000");
    private static Path file;

    @FuzzTest(maxExecutions = 30_000, maxDuration = "4s")
    void importsSafeEntriesOrRefuses(FuzzedDataProvider data) throws IOException {
        int maxEntries = data.consumeInt(1, 8);
        long maxBytes = data.consumeLong(0, 20_000);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] archive;
        boolean damaged;
        if (data.consumeInt(0, 9) == 0) {
            archive = data.consumeBytes(2000);
            damaged = true;
        } else {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                int count = data.consumeInt(0, 5);
                for (int i = 0; i < count; i++) {
                    String name = name(data);
                    if (entries.containsKey(name) || name.isEmpty()) {
                        continue;
                    }
                    byte[] content = data.consumeBoolean() ? new byte[data.consumeInt(0, 5000)] : data.consumeBytes(40);
                    ZipEntry entry = new ZipEntry(name);
                    if (data.consumeBoolean()) {
                        entry.setMethod(ZipEntry.STORED);
                        entry.setSize(content.length);
                        CRC32 crc = new CRC32();
                        crc.update(content);
                        entry.setCrc(crc.getValue());
                    }
                    out.putNextEntry(entry);
                    out.write(content);
                    out.closeEntry();
                    entries.put(name, content);
                }
            }
            archive = bytes.toByteArray();
            damaged = data.consumeBoolean();
            if (damaged && archive.length > 0) {
                int changes = data.consumeInt(1, 4);
                for (int i = 0; i < changes; i++) {
                    archive[data.consumeInt(0, archive.length - 1)] = data.consumeByte();
                }
                if (data.consumeBoolean()) {
                    archive = java.util.Arrays.copyOf(archive, data.consumeInt(0, archive.length));
                }
            }
        }
        if (file == null) {
            file = Files.createTempFile("zip-import-fuzz", ".zip");
            file.toFile().deleteOnExit();
        }
        Files.write(file, archive);

        // stores content the way the platform does: read to the end, refused past the per-item limit
        CollectingImportContext context = CollectingImportContext.files().requireLabels()
                .checkFileNames(fileName -> assertFalse(fileName.contains("/"), fileName));
        ImportSummary summary;
        try {
            summary = new ZipImport(config(maxEntries, maxBytes)).importArchive(file, context);
        } catch (InvalidInputException e) {
            assertNotNull(e.detail());
            String names = new String(archive, StandardCharsets.ISO_8859_1); // entry names are echoed
            for (String marker : List.of("java.", "Exception", "io.modelfleet")) {
                assertFalse(e.detail().contains(marker) && !names.contains(marker), "the message names Java: " + e.detail());
            }
            return;
        }
        assertEquals(context.items.size(), summary.imported());
        long total = 0;
        for (int i = 0; i < context.items.size(); i++) {
            DataItem item = context.items.get(i);
            String key = item.key();
            assertEquals(key, ZipImport.checkedName(key));
            List<String> segments = List.of(key.split("/"));
            assertTrue(segments.size() >= 2, key);
            assertEquals(segments.get(segments.size() - 2), item.label(), key);
            assertTrue(segments.stream().noneMatch(s -> s.startsWith(".") || s.equals("__MACOSX")), key);
            assertEquals("ref-" + i, item.contentRef());
            byte[] stored = context.stored().get(i);
            total += stored.length;
            if (!damaged) {
                assertArrayEquals(entries.get(key), stored, key);
            }
        }
        assertTrue(total <= maxBytes, total + " bytes inflated");
        if (!damaged) {
            long expected = entries.keySet().stream().filter(name -> !name.endsWith("/")
                    && List.of(name.split("/")).stream().noneMatch(s -> s.startsWith(".") || s.equals("__MACOSX"))).count();
            assertEquals(expected, context.items.size(), entries.keySet().toString());
        }
    }

    private static String name(FuzzedDataProvider data) {
        StringBuilder name = new StringBuilder(data.consumeInt(0, 9) == 0 ? "/" : "");
        int segments = data.consumeInt(1, 4);
        for (int i = 0; i < segments; i++) {
            name.append(i == 0 ? "" : "/").append(data.consumeBoolean() ? data.pickValue(SEGMENTS) : data.consumeAsciiString(8));
        }
        if (data.consumeInt(0, 9) == 0) {
            name.append('/');
        }
        return name.toString();
    }

    private static LocalSourceConfiguration config(int maxEntries, long maxBytes) {
        return ConfigAnnotations.of(LocalSourceConfiguration.class, Map.of("id", "local", "maxFileBytes", 1 << 20,
                "maxRows", 100, "maxLineChars", 200, "maxZipEntries", maxEntries, "maxUncompressedBytes", maxBytes,
                "maxCompressionRatio", 200));
    }
}
