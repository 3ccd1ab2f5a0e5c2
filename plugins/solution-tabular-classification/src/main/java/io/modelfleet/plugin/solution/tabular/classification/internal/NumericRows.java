package io.modelfleet.plugin.solution.tabular.classification.internal;

import java.util.ArrayList;
import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.solution.TabularData;

/**
 * The labelled rows of a tabular dataset as numbers. Every feature cell must be a finite number (a bad one fails the
 * run naming its row, counted from 1 in dataset order, and its column); rows without a label are skipped.
 */
record NumericRows(List<String> columns, List<double[]> values, List<String> labels, List<TabularData.Row> rows) {

    static NumericRows labelled(TabularData data) {
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
        List<double[]> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<TabularData.Row> rows = new ArrayList<>();
        for (int i = 0; i < data.rows().size(); i++) {
            TabularData.Row row = data.rows().get(i);
            int number = i + 1;
            if (row.label() == null || row.label().isBlank()) {
                continue;
            }
            if (row.label().contains(",")) {
                throw new InvalidInputException("row " + number + ": label '" + row.label() + "' contains a comma, "
                        + "which the model's label list cannot hold");
            }
            values.add(data.numbers(i));
            labels.add(row.label());
            rows.add(row);
        }
        return new NumericRows(columns, values, labels, rows);
    }

    int size() {
        return values.size();
    }
}
