package io.modelfleet.api.dataset;

import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;
import io.modelfleet.api.spi.solution.DatasetKind;

/**
 * A dataset to create. Tabular datasets name their feature columns (a CSV header must match them); file datasets
 * have one input file per item. {@code labels} is the label set; an empty set accepts any label.
 */
public record NewDataset(String name, String description, DatasetKind kind, List<String> columns, List<String> labels) {
    public static final int MAX_COLUMNS = 1000;
    public static final int MAX_LABELS = 1000;
    public static final int MAX_NAME = 128;

    public NewDataset {
        Validation.name("name", name, MAX_NAME);
        Validation.optional("description", description, 1024);
        if (kind == null) {
            throw new InvalidInputException("kind is required: TABULAR or FILES");
        }
        columns = columns == null ? List.of() : List.copyOf(columns);
        labels = labels == null ? List.of() : List.copyOf(labels);
        if (kind == DatasetKind.TABULAR && columns.isEmpty()) {
            throw new InvalidInputException("a TABULAR dataset needs its feature columns");
        }
        if (columns.size() > MAX_COLUMNS) {
            throw new InvalidInputException("columns lists " + columns.size() + "; the limit is " + MAX_COLUMNS);
        }
        if (labels.size() > MAX_LABELS) {
            throw new InvalidInputException("labels lists " + labels.size() + "; the limit is " + MAX_LABELS);
        }
        if (columns.stream().distinct().count() != columns.size()) {
            throw new InvalidInputException("column names must be unique");
        }
        for (String column : columns) {
            Validation.name("column", column, 64);
            if (column.equals(io.modelfleet.api.spi.solution.TabularData.LABEL_COLUMN)) {
                // every CSV (imports, exports, training) names the label column so: a feature cannot take the name
                throw Validation.invalid("columns", "columns cannot include '" + column + "': it names the label column");
            }
        }
        for (String label : labels) {
            Validation.required("label", label, 256);
            if (label.indexOf(',') >= 0) {
                // models carry their class names as one comma-separated list
                throw Validation.invalid("labels", "labels cannot contain a comma: '" + label + "'");
            }
        }
    }
}
