package io.modelfleet.api.support.csv;

import java.util.List;
import java.util.regex.Pattern;

/**
 * RFC 4180 output, what {@link CsvReader} reads back: a cell with a comma, quote or line break is quoted, quotes
 * doubled; null is empty; lines end in CRLF.
 */
public final class CsvWriter {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvWriter() {
    }

    /** The cells exactly, for programs (training exports, predictions). */
    public static String line(List<String> cells) {
        return line(cells, false);
    }

    /**
     * For files people open in a spreadsheet: a cell that a spreadsheet would run as a formula (starting with
     * {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return, and not a plain number such as {@code -1.5})
     * gets a leading apostrophe, which spreadsheets show as text.
     */
    public static String spreadsheetLine(List<String> cells) {
        return line(cells, true);
    }

    /** True when a spreadsheet would take the cell for a formula. */
    public static boolean looksLikeFormula(String cell) {
        if (cell == null || cell.isEmpty()) {
            return false;
        }
        char first = cell.charAt(0);
        boolean trigger = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return trigger && !NUMBER.matcher(cell).matches();
    }

    private static String line(List<String> cells, boolean neutralizeFormulas) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String cell = cells.get(i);
            if (neutralizeFormulas && looksLikeFormula(cell)) {
                cell = "'" + cell;
            }
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
