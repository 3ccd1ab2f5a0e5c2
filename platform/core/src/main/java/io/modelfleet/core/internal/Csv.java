package io.modelfleet.core.internal;

import java.util.List;

/** RFC 4180 output: a cell with a comma, quote or line break is quoted, quotes doubled; null is empty. */
final class Csv {
    private Csv() {
    }

    static String line(List<String> cells) {
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
