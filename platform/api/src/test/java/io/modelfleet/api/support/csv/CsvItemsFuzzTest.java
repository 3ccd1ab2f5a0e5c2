package io.modelfleet.api.support.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.ImportContext;

/**
 * CSV as sources read it ({@link CsvReader} under {@link CsvItems}). Raw bytes either become items that fit the
 * header and the limits, or fail with {@link InvalidInputException}; a table written with {@link CsvWriter} reads
 * back exactly, cell for cell, whatever the cells hold (quotes, commas, line breaks, non-ASCII).
 */
class CsvItemsFuzzTest {
    private static final List<String> PIECES = List.of("a", "b", "7", "-1.5", ",", "\"", "\r", "\n", "\r\n", " ",
            "é", "😀", "=", "\t", "\uFEFF", "");

    @FuzzTest(maxExecutions = 200_000, maxDuration = "4s")
    void readsExactlyOrRefuses(FuzzedDataProvider data) throws IOException {
        if (data.consumeBoolean()) {
            roundTrip(data);
        } else {
            raw(data);
        }
    }

    private static void raw(FuzzedDataProvider data) throws IOException {
        int maxRows = data.consumeInt(1, 20);
        int maxLineChars = data.consumeInt(1, 300);
        String keyColumn = data.pickValue(new String[] { "", "id", "label", "a" });
        byte[] file = data.consumeRemainingAsBytes();
        Collecting context = new Collecting();
        CsvItems items = new CsvItems("label", keyColumn.isEmpty() ? null : keyColumn, maxRows, maxLineChars);
        long rows;
        try {
            rows = items.read(new ByteArrayInputStream(file), file.length, context);
        } catch (InvalidInputException e) {
            assertNotNull(e.detail());
            return;
        }
        assertTrue(rows <= maxRows, rows + " rows");
        assertEquals(rows, context.items.size());
        for (DataItem item : context.items) {
            assertNotNull(item.key());
            assertTrue(item.label() == null || !item.label().isEmpty());
            assertTrue(!item.fields().containsKey("label"), item.fields().toString());
        }
    }

    private static void roundTrip(FuzzedDataProvider data) throws IOException {
        int columns = data.consumeInt(1, 4);
        Set<String> names = new LinkedHashSet<>();
        names.add("label");
        while (names.size() < columns) {
            String name = cell(data);
            if (name.isBlank() || name.startsWith("\uFEFF") || names.contains(name)) {
                name = "c" + names.size();
                while (names.contains(name)) {
                    name += "_";
                }
            }
            names.add(name);
        }
        List<String> header = new ArrayList<>(names);
        boolean keyed = header.size() > 1 && data.consumeBoolean();
        String keyColumn = keyed ? header.get(header.size() - 1) : null;
        List<List<String>> rows = new ArrayList<>();
        int count = data.consumeInt(0, 5);
        for (int r = 0; r < count; r++) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                row.add(keyed && c == header.size() - 1 ? "k" + r : cell(data));
            }
            if (row.size() == 1 && row.get(0).isEmpty()) {
                row.set(0, "x"); // a lone empty cell is a blank line, which readers skip
            }
            rows.add(row);
        }
        StringBuilder text = new StringBuilder(CsvWriter.line(header));
        rows.forEach(row -> text.append(CsvWriter.line(row)));

        CsvReader reader = new CsvReader(new StringReader(text.toString()), 1 << 20);
        assertEquals(header, reader.next());
        for (List<String> row : rows) {
            assertEquals(row, reader.next(), text.toString());
        }
        assertNull(reader.next());

        Collecting context = new Collecting();
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        long read = new CsvItems("label", keyColumn, 100, 1 << 20).read(new ByteArrayInputStream(bytes), bytes.length,
                context);
        assertEquals(rows.size(), read);
        for (int r = 0; r < rows.size(); r++) {
            DataItem item = context.items.get(r);
            Map<String, String> fields = new LinkedHashMap<>();
            for (int c = 1; c < header.size(); c++) {
                if (!header.get(c).equals(keyColumn)) {
                    fields.put(header.get(c), rows.get(r).get(c));
                }
            }
            assertEquals(fields, item.fields());
            assertEquals(rows.get(r).get(0).isEmpty() ? null : rows.get(r).get(0), item.label());
            if (keyed) {
                assertEquals("k" + r, item.key());
            }
        }
    }

    private static String cell(FuzzedDataProvider data) {
        StringBuilder cell = new StringBuilder();
        int pieces = data.consumeInt(0, 6);
        for (int i = 0; i < pieces; i++) {
            cell.append(data.consumeBoolean() ? data.pickValue(PIECES) : data.consumeAsciiString(4));
        }
        return cell.toString();
    }

    /** Takes every item, as the platform's context does once an item fits the dataset. */
    private static final class Collecting implements ImportContext {
        final List<DataItem> items = new ArrayList<>();

        @Override
        public void accept(DataItem item) {
            items.add(item);
        }

        @Override
        public DatasetKind datasetKind() {
            return DatasetKind.TABULAR;
        }

        @Override
        public List<String> datasetColumns() {
            return List.of();
        }

        @Override
        public String storeContent(String fileName, InputStream content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void progress(long done, long total) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    }
}
