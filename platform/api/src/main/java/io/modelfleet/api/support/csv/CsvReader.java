package io.modelfleet.api.support.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import io.modelfleet.api.InvalidInputException;

/**
 * A streaming RFC 4180 reader: comma-separated, fields optionally in double quotes (quotes doubled inside, line
 * breaks allowed), lines ending in CRLF or LF. Malformed input fails with the line it is on.
 */
public final class CsvReader {
    private final Reader in;
    private final int maxLineChars;
    private int line = 1;
    private int recordLine;
    private int pushedBack = -2;

    public CsvReader(Reader in, int maxLineChars) {
        this.in = in;
        this.maxLineChars = maxLineChars;
    }

    /** The line the last record started on (1-based). */
    public int recordLine() {
        return recordLine;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    /** The next record, or null at the end. An empty line is a record with one empty field. */
    public List<String> next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int chars = 0;
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            if (++chars > maxLineChars) {
                throw new InvalidInputException("line " + recordLine + " is longer than " + maxLineChars + " characters");
            }
            if (quoted) {
                if (c < 0) {
                    throw new InvalidInputException("line " + recordLine + ": a quoted field is never closed");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        pushedBack = next;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',' ) {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || c < 0) {
                fields.add(field.toString());
                line++;
                return fields;
            } else if (c == '\r') {
                int next = read();
                if (next != '\n') {
                    pushedBack = next;
                }
                fields.add(field.toString());
                line++;
                return fields;
            } else if (afterQuote) {
                throw new InvalidInputException("line " + recordLine + ": text after a closing quote ('" + (char) c + "')");
            } else if (c == '"') {
                if (field.length() > 0) {
                    throw new InvalidInputException("line " + recordLine + ": a quote inside an unquoted field");
                }
                quoted = true;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }
}
