package io.modelfleet.api.spi.source;

import java.util.List;

/**
 * RFC 4180 output, what {@link CsvReader} reads back: a cell with a comma, quote or line break is quoted, quotes
 * doubled; null is empty; lines end in CRLF.
 */
public final class CsvWriter {
    private CsvWriter() {
    }

    public static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String cell = cells.get(i);
            if (cell == null) {
                continue;
            }
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                line.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                line.append(cell);
            }
        }
        return line.append("\r\n").toString();
    }
}
