package io.modelfleet.api.support.training;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.support.csv.CsvWriter;

/**
 * The files a successful run leaves under its output prefix in the artifact store. In-process training and the
 * training container write them with the same code ({@link #writeResult}, {@link #writePredictions}), so every backend
 * hands results over the same way.
 */
public final class TrainingOutputs {
    /** The exported model. */
    public static final String MODEL = "model.onnx";
    /**
     * The evaluation: {@code {"metrics": {name: number}, "contract": {key: string}, "report": {...}}}, as
     * {@link io.modelfleet.api.spi.solution.TrainedModel} describes them. Written last: its presence means the
     * outputs are complete.
     */
    public static final String RESULT = "result.json";
    /** Held-out predictions as CSV: the feature columns, {@code label}, {@code predicted}, {@code score}. */
    public static final String PREDICTIONS = "predictions.csv";
    /** At most this many held-out rows are written. */
    public static final int MAX_PREDICTIONS = 100_000;

    private TrainingOutputs() {
    }

    public static String key(String outputPrefix, String file) {
        return outputPrefix + "/" + file;
    }

    /** {@link #RESULT} for a trained model; non-finite metrics are left out (JSON has no NaN). */
    public static void writeResult(TrainedModel model, Writer out) throws IOException {
        StringBuilder json = new StringBuilder("{\"metrics\":{");
        String separator = "";
        for (Map.Entry<String, Double> metric : model.metrics().entrySet()) {
            if (metric.getValue() != null && Double.isFinite(metric.getValue())) {
                json.append(separator).append(quote(metric.getKey())).append(':').append(metric.getValue());
                separator = ",";
            }
        }
        json.append("},\"contract\":{");
        separator = "";
        for (Map.Entry<String, String> entry : model.contract().entrySet()) {
            json.append(separator).append(quote(entry.getKey())).append(':').append(quote(entry.getValue()));
            separator = ",";
        }
        String report = model.reportJson() == null || model.reportJson().isBlank() ? "{}" : model.reportJson().strip();
        json.append("},\"report\":").append(report).append('}');
        out.write(json.toString());
    }

    /** {@link #PREDICTIONS}: RFC 4180 CSV of the held-out rows, at most {@link #MAX_PREDICTIONS}. */
    public static void writePredictions(List<String> columns, List<TrainedModel.HeldOutPrediction> heldOut, Writer out)
            throws IOException {
        List<String> header = new ArrayList<>(columns);
        header.addAll(List.of("label", "predicted", "score"));
        out.write(CsvWriter.line(header));
        int written = 0;
        for (TrainedModel.HeldOutPrediction row : heldOut) {
            if (written++ == MAX_PREDICTIONS) {
                break;
            }
            List<String> cells = new ArrayList<>(row.values());
            cells.add(row.label() == null ? "" : row.label());
            cells.add(row.predicted());
            cells.add(Double.toString(row.score()));
            out.write(CsvWriter.line(cells));
        }
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
