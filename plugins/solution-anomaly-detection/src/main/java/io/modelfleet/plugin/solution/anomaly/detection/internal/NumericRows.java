package io.modelfleet.plugin.solution.anomaly.detection.internal;

import java.util.ArrayList;
import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.solution.TabularData;

/**
 * Every row of a tabular dataset as numbers, labelled or not. Every feature cell must be a finite number: a bad one
 * fails the run naming its row, counted from 1 in dataset order, and its column.
 */
record NumericRows(List<String> columns, List<double[]> values, List<TabularData.Row> rows) {

    static NumericRows of(TabularData data) {
        List<String> columns = data.columns();
        if (columns.isEmpty()) {
            throw new InvalidInputException("the dataset has no feature columns");
        }
        for (String column : columns) {
            if (column.contains(",")) {
                throw new InvalidInputException("column '" + column + "' contains a comma, which the model's column "
                        + "list cannot hold: rename it");
            }
        }
        List<double[]> values = new ArrayList<>(data.rows().size());
        int number = 0;
        for (TabularData.Row row : data.rows()) {
            values.add(parse(++number, columns, row));
        }
        return new NumericRows(columns, values, data.rows());
    }

    /** @param number the row's position in the dataset, from 1 */
    static double[] parse(int number, List<String> columns, TabularData.Row row) {
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
}
