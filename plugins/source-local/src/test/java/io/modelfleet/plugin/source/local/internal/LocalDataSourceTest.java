package io.modelfleet.plugin.source.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.testkit.CollectingImportContext;
import io.modelfleet.testkit.ConfigAnnotations;
import io.modelfleet.testkit.DataSourceContract;

class LocalDataSourceTest extends DataSourceContract {
    @TempDir
    Path dir;

    private static LocalSourceConfiguration config(long maxFileBytes, long maxRows) {
        return config(maxFileBytes, maxRows, 100, 64L * 1024 * 1024);
    }

    private static LocalSourceConfiguration config(long maxFileBytes, long maxRows, int maxZipEntries,
            long maxUncompressedBytes) {
        return ConfigAnnotations.of(LocalSourceConfiguration.class, Map.of("id", "local", "maxFileBytes", maxFileBytes,
                "maxRows", maxRows, "maxLineChars", 200, "maxZipEntries", maxZipEntries,
                "maxUncompressedBytes", maxUncompressedBytes, "maxCompressionRatio", 200));
    }

    /** What the platform gives an import: here it just collects. */
    private static CollectingImportContext collecting() {
        return new CollectingImportContext(List.of("width", "height"));
    }

    @Override
    protected DataSource contractSource() {
        return new LocalDataSource(config(1 << 20, 1000));
    }

    @Override
    protected ImportRequest minimalValidRequest() throws IOException {
        return uploadRequest(Files.writeString(dir.resolve("minimal.csv"), "width,height,label\n1,2,ok\n"), Map.of());
    }

    @Override
    protected ImportRequest invalidRequest() throws IOException {
        return uploadRequest(Files.writeString(dir.resolve("short-row.csv"), "width,height\n1,2\n3\n"), Map.of());
    }

    private static ImportRequest upload(String file, Map<String, ?> options) throws IOException {
        return uploadRequest(Path.of(file), options);
    }

    private static ImportRequest upload(String file) throws IOException {
        return upload(file, Map.of());
    }

    @Override
    protected CollectingImportContext contractContext() {
        return collecting();
    }

    private ImportSummary importText(String text, CollectingImportContext context, Map<String, String> extra) throws Exception {
        Path file = Files.writeString(dir.resolve("data.csv"), text, StandardCharsets.UTF_8);
        return new LocalDataSource(config(1 << 20, 1000)).importItems(uploadRequest(file, extra), context);
    }

    @Test
    void readsAHeaderedCsvWithQuotesAndALabelColumn() throws Exception {
        CollectingImportContext context = collecting();
        ImportSummary summary = importText("\uFEFFwidth,height,note,label\r\n1.5,2,\"a, \"\"quoted\"\"\nnote\",ok\r\n3,4,,\n\n",
                context, Map.of());
        assertEquals(2, summary.imported());
        DataItem first = context.items.get(0);
        assertEquals(Map.of("width", "1.5", "height", "2", "note", "a, \"quoted\"\nnote"), first.fields());
        assertEquals("ok", first.label());
        assertNull(context.items.get(1).label(), "an empty label is no label");
        assertTrue(first.key().startsWith("row-"));
        assertEquals(context.total, context.done, "progress ends at the file size");
    }

    @Test
    void aKeyColumnNamesRowsAndSameContentGetsTheSameKey() throws Exception {
        CollectingImportContext keyed = collecting();
        importText("id,x,label\nA7,1,ok\n", keyed, Map.of("keyColumn", "id"));
        assertEquals("A7", keyed.items.get(0).key());
        assertEquals(Map.of("x", "1"), keyed.items.get(0).fields());
        CollectingImportContext twice = collecting();
        importText("x,label\n1,ok\n1,ok\n", twice, Map.of());
        assertEquals(twice.items.get(0).key(), twice.items.get(1).key());
    }

    @Test
    void malformedFilesFailNamingTheLine() {
        String[][] cases = { { "a,b\n1,2\n3\n", "line 3 has 1 fields" }, { "a,b\n1,\"open\n", "never closed" },
                { "a,b\n1,\"x\"y\n", "line 2: text after a closing quote" }, { "a,a\n1,2\n", "unique" },
                { "", "empty" }, { "a,b\n1,x\"y\n", "line 2: a quote inside" },
                { "a\n" + "x".repeat(300) + "\n", "line 2 is longer than 200" } };
        for (String[] c : cases) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> importText(c[0], collecting(), Map.of()),
                    c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void limitsAreEnforced() throws Exception {
        Path file = Files.writeString(dir.resolve("big.csv"), "a\n" + "1\n".repeat(50));
        assertThrows(PayloadTooLargeException.class, () -> new LocalDataSource(config(10, 1000))
                .importItems(upload(file.toString()), collecting()));
        InvalidInputException rows = assertThrows(InvalidInputException.class, () -> new LocalDataSource(config(1 << 20, 10))
                .importItems(upload(file.toString()), collecting()));
        assertTrue(rows.getMessage().contains("more than 10 rows"));
        Path binary = Files.write(dir.resolve("bin.csv"), new byte[] { 'a', '\n', (byte) 0xff, (byte) 0xfe, '\n' });
        assertThrows(InvalidInputException.class, () -> new LocalDataSource(config(1 << 20, 10))
                .importItems(upload(binary.toString()), collecting()));
    }

    private Path zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        Path file = dir.resolve("upload-" + System.nanoTime());
        Files.write(file, bytes.toByteArray());
        return file;
    }

    private static byte[] noise(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String importFailure(LocalDataSource source, Path file) {
        return assertThrows(InvalidInputException.class,
                () -> source.importItems(upload(file.toString()), collecting())).detail();
    }

    @Test
    void aZipOfClassFoldersBecomesLabelledFileItems() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("pets/", new byte[0]);
        entries.put("pets/cat/001.png", noise(300, 1));
        entries.put("pets/cat/002.png", noise(200, 2));
        entries.put("pets/dog/001.jpg", noise(100, 3));
        entries.put("__MACOSX/pets/cat/._001.png", noise(10, 4));
        entries.put("pets/dog/.DS_Store", noise(10, 5));
        CollectingImportContext context = collecting();
        ImportSummary summary = new LocalDataSource(config(1 << 20, 100)).importItems(upload(zip(entries).toString()), context);

        assertEquals(3, summary.imported());
        assertEquals(2, summary.skipped());
        assertEquals(List.of("cat", "cat", "dog"), context.items.stream().map(DataItem::label).toList());
        assertEquals(List.of("pets/cat/001.png", "pets/cat/002.png", "pets/dog/001.jpg"),
                context.items.stream().map(DataItem::key).toList());
        DataItem dog = context.items.get(2);
        assertTrue(dog.fields().isEmpty());
        assertTrue(Arrays.equals(noise(100, 3), context.contents.get(dog.contentRef())), "the entry's bytes are stored");
        assertEquals(6, context.done, "progress counts entries");
    }

    @Test
    void pathTraversalAndLooseFilesAreRefusedNamingTheEntry() throws Exception {
        LocalDataSource source = new LocalDataSource(config(1 << 20, 100));
        String traversal = importFailure(source, zip(Map.of("../evil/x.png", noise(10, 1))));
        assertTrue(traversal.contains("entry '../evil/x.png'") && traversal.contains("path traversal"), traversal);
        String absolute = importFailure(source, zip(Map.of("/etc/cat/x.png", noise(10, 1))));
        assertTrue(absolute.contains("entry '/etc/cat/x.png' is refused"), absolute);
        String loose = importFailure(source, zip(Map.of("x.png", noise(10, 1))));
        assertTrue(loose.contains("entry 'x.png' is not inside a class folder"), loose);
        String notZip = assertThrows(InvalidInputException.class, () -> source.importItems(upload(Files.writeString(dir.resolve("plain.csv"), "a,b\n1,2\n").toString(), Map.of("format", "zip")), collecting())).detail();
        assertTrue(notZip.contains("not a readable zip archive"), notZip);
    }

    @Test
    void zipBombsAreStoppedByRatioTotalSizeAndEntryCount() throws Exception {
        // 64 MiB of zeros deflates to about 64 KiB: over the 200:1 ratio long before it is all inflated
        String ratio = importFailure(new LocalDataSource(config(1 << 20, 100)),
                zip(Map.of("cat/zeros.png", new byte[64 * 1024 * 1024])));
        assertTrue(ratio.contains("entry 'cat/zeros.png' expands more than 200 times") && ratio.contains("zip bomb"), ratio);

        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            many.put("cat/" + i + ".png", noise(400_000, i));
        }
        String total = importFailure(new LocalDataSource(config(1 << 24, 100, 100, 1_000_000)), zip(many));
        assertTrue(total.contains("entry 'cat/2.png': the archive expands beyond 1000000 bytes"), total);

        String count = importFailure(new LocalDataSource(config(1 << 24, 100, 3, 1 << 30)), zip(many));
        assertEquals("the archive has 4 entries; the limit is 3", count);
    }
}
