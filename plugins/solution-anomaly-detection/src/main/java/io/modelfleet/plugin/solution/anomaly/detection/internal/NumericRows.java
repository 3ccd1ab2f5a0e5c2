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
        for (int i = 0; i < data.rows().size(); i++) {
            values.add(data.numbers(i));
        }
        return new NumericRows(columns, values, data.rows());
    }
}
