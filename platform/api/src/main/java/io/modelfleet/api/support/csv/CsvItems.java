package io.modelfleet.api.support.csv;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.ImportContext;

/**
 * Reads a CSV table into items, for any data source (an upload, an S3 object): UTF-8 (a BOM is accepted), RFC 4180
 * quoting, the header row as the schema. One column is the label ({@code labelColumn}), an optional {@code keyColumn}
 * names rows; without it a row's key is the hash of its content, so reading the same table twice adds nothing.
 * Malformed input fails with the line it is on.
 */
public final class CsvItems {
    private final String labelColumn;
    private final String keyColumn;
    private final long maxRows;
    private final int maxLineChars;

    public CsvItems(String labelColumn, String keyColumn, long maxRows, int maxLineChars) {
        this.labelColumn = labelColumn == null ? "label" : labelColumn;
        this.keyColumn = keyColumn;
        this.maxRows = maxRows;
        this.maxLineChars = maxLineChars;
    }

    /**
     * Streams the rows of {@code in} into the context, reporting progress in bytes against {@code size}; stops early
     * when the import is cancelled. Returns the number of rows read.
     */
    public long read(InputStream in, long size, ImportContext context) throws IOException {
        // strict UTF-8: a binary file fails with a message instead of importing garbage
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (CountingInputStream counted = new CountingInputStream(in);
                BufferedReader reader = new BufferedReader(new InputStreamReader(counted, decoder), 1 << 16)) {
            CsvReader csv = new CsvReader(reader, maxLineChars);
            List<String> header = csv.next();
            if (header == null || header.size() == 1 && header.get(0).isBlank()) {
                throw new InvalidInputException("the file is empty: the first line must name the columns");
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            Set<String> seen = new HashSet<>();
            for (String column : header) {
                if (column.isBlank() || !seen.add(column)) {
                    throw new InvalidInputException("line 1: column names must be present and unique, got " + header);
                }
            }
            int labelIndex = header.indexOf(labelColumn);
            int keyIndex = keyColumn == null ? -1 : header.indexOf(keyColumn);
            if (keyColumn != null && keyIndex < 0) {
                throw new InvalidInputException("line 1: there is no key column '" + keyColumn + "' in " + header);
            }
            long rows = 0;
            for (List<String> record = csv.next(); record != null; record = csv.next()) {
                if (context.cancelled()) {
                    break;
                }
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue; // blank line, e.g. at the end
                }
                if (record.size() != header.size()) {
                    throw new InvalidInputException("line " + csv.recordLine() + " has " + record.size()
                            + " fields; the header has " + header.size());
                }
                if (++rows > maxRows) {
                    throw new InvalidInputException("the file has more than " + maxRows + " rows");
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    if (i != labelIndex && i != keyIndex) {
                        fields.put(header.get(i), record.get(i));
                    }
                }
                String label = labelIndex < 0 || record.get(labelIndex).isEmpty() ? null : record.get(labelIndex);
                String key = keyIndex >= 0 ? record.get(keyIndex) : "row-" + hash(record);
                try {
                    context.accept(new DataItem(key, fields, null, null, label, null));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("line " + csv.recordLine() + ": " + e.detail());
                }
                if (rows % 1000 == 0) {
                    context.progress(counted.count(), size);
                }
            }
            context.progress(size, size);
            return rows;
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("the file is not UTF-8 text");
        }
    }


    private static String hash(List<String> record) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String cell : record) {
                digest.update(cell.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bytes read so far, for progress against the file size. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }

        long count() {
            return count;
        }
    }

}
