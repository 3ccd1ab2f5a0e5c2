package io.modelfleet.api.spi.solution;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.support.csv.CsvReader;

/**
 * A tabular dataset version as training sees it: feature columns in dataset order, the label set, and rows of raw
 * cell text (the solution parses numbers and says which cell is bad). Held in memory: {@link #MAX_ROWS} bounds it.
 */
public record TabularData(List<String> columns, List<String> labels, List<Row> rows) {
    public static final int MAX_ROWS = 2_000_000;
    public static final String LABEL_COLUMN = "label";
    private static final int MAX_LINE_CHARS = 1 << 20;

    public TabularData {
        columns = List.copyOf(columns);
        labels = List.copyOf(labels);
        rows = List.copyOf(rows);
    }

    /** One item: its cells in {@link #columns()} order and its label (null when unlabelled). */
    public record Row(List<String> values, String label) {
        public Row {
            values = List.copyOf(values);
        }
    }

    /**
     * The feature cells of row {@code index} as numbers, for solutions that need every feature numeric.
     *
     * @throws InvalidInputException naming the row (counted from 1 in dataset order) and the column of a cell that is
     *         empty or not a finite number
     */
    public double[] numbers(int index) {
        Row row = rows.get(index);
        int number = index + 1;
        List<String> cells = row.values();
        if (cells.size() != columns.size()) {
            throw new InvalidInputException("row " + number + " has " + cells.size() + " values; the dataset has "
                    + columns.size() + " columns");
        }
        double[] parsed = new double[cells.size()];
        for (int c = 0; c < parsed.length; c++) {
            String cell = cells.get(c) == null ? "" : cells.get(c).strip();
            if (cell.isEmpty()) {
                throw new InvalidInputException("row " + number + ", column '" + columns.get(c) + "' is empty: every "
                        + "feature value must be a number");
            }
            double value;
            try {
                value = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!Double.isFinite(value)) {
                throw new InvalidInputException("row " + number + ", column '" + columns.get(c) + "': '"
                        + (cell.length() <= 40 ? cell : cell.substring(0, 40) + "...") + "' is not a finite number");
            }
            parsed[c] = value;
        }
        return parsed;
    }

    /**
     * Reads the CSV a dataset version exports ({@code columns..., label}; an empty label is none).
     *
     * @param labels the dataset's label set, in order
     */
    public static TabularData readCsv(InputStream in, List<String> labels) throws IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        CsvReader csv = new CsvReader(reader, MAX_LINE_CHARS);
        List<String> header = csv.next();
        if (header == null || header.size() < 2 || !LABEL_COLUMN.equals(header.get(header.size() - 1))) {
            throw new InvalidInputException("the dataset CSV must start with a header of feature columns and '"
                    + LABEL_COLUMN + "' last");
        }
        List<String> columns = header.subList(0, header.size() - 1);
        List<Row> rows = new ArrayList<>();
        for (List<String> record = csv.next(); record != null; record = csv.next()) {
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue;
            }
            if (record.size() != header.size()) {
                throw new InvalidInputException("line " + csv.recordLine() + " has " + record.size()
                        + " fields; the header has " + header.size());
            }
            if (rows.size() == MAX_ROWS) {
                throw new InvalidInputException("the dataset has more than " + MAX_ROWS + " rows");
            }
            String label = record.get(record.size() - 1);
            rows.add(new Row(record.subList(0, record.size() - 1), label.isEmpty() ? null : label));
        }
        return new TabularData(columns, labels, rows);
    }
}
