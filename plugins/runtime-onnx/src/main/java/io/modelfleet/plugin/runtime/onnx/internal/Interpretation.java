package io.modelfleet.plugin.runtime.onnx.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelfleet.api.model.TensorSpec;
import io.modelfleet.api.spi.runtime.Prediction;

/**
 * How one row's outputs become label, score and probabilities, as the model version's metadata asks:
 * <ul>
 * <li>{@code task=anomaly}: the first float output holding one value is the score; the label is {@code anomaly} when
 * it reaches {@code threshold} (default 0.5), else {@code normal}.</li>
 * <li>otherwise a classifier: probabilities come from the first float output holding one row of two or more values
 * (class i named {@code labels[i]}, else "i") or from the first sequence-of-maps output (ZipMap, as sklearn and Tribuo
 * export); the label from the first int64/int32/string output holding one value, else the arg-max; the score is the
 * label's probability. Without probabilities the score is the first float output holding one value, if any (a
 * regressor's value, or a binary classifier's probability of its positive class).</li>
 * </ul>
 * A batch of several rows gets no label or score: its raw outputs say it all.
 */
final class Interpretation {
    static final String LABELS = "labels";
    static final String TASK = "task";
    static final String THRESHOLD = "threshold";
    static final String ANOMALY = "anomaly";
    static final String NORMAL = "normal";

    private static final Set<String> FLOAT_TYPES = Set.of("float", "double", "float16", "bfloat16");
    private static final Set<String> LABEL_TYPES = Set.of("int64", "int32", "string");

    private final List<TensorSpec> outputs;
    /** Class names by index, from the metadata; int class labels are read as indices into it. */
    private final List<String> labels;
    private final boolean anomaly;
    private final double threshold;

    private Interpretation(List<TensorSpec> outputs, List<String> labels, boolean anomaly, double threshold) {
        this.outputs = outputs;
        this.labels = labels;
        this.anomaly = anomaly;
        this.threshold = threshold;
    }

    /** @throws IllegalArgumentException when the metadata says something that cannot be used */
    static Interpretation of(Map<String, String> metadata, List<TensorSpec> outputs) {
        Map<String, String> settings = metadata == null ? Map.of() : metadata;
        String labelList = settings.getOrDefault(LABELS, "").strip();
        List<String> labels = labelList.isEmpty() ? List.of()
                : Arrays.stream(labelList.split(",", -1)).map(String::strip).toList();
        boolean anomaly = ANOMALY.equalsIgnoreCase(settings.getOrDefault(TASK, "").strip());
        String thresholdText = settings.getOrDefault(THRESHOLD, "0.5").strip();
        double threshold;
        try {
            threshold = Double.parseDouble(thresholdText);
        } catch (NumberFormatException e) {
            threshold = Double.NaN;
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("metadata '" + THRESHOLD + "' must be a number, not '" + thresholdText
                    + "'");
        }
        return new Interpretation(List.copyOf(outputs), labels, anomaly, threshold);
    }

    /** @param values every output by name, JSON-shaped as {@link Outputs} makes them */
    Prediction predict(Map<String, Object> values, double latencyMs) {
        Double single = null;
        String label = null;
        Map<String, Double> probabilities = null;
        for (TensorSpec output : outputs) {
            Object value = values.get(output.name());
            String type = output.elementType();
            if (value == null) {
                continue;
            }
            if (FLOAT_TYPES.contains(type)) {
                List<?> row = oneRow(value);
                if (row != null && row.size() >= 2) {
                    if (probabilities == null) {
                        probabilities = byIndex(row);
                    }
                } else if (onlyElement(value) instanceof Number number && single == null) {
                    single = number.doubleValue();
                }
            } else if (LABEL_TYPES.contains(type)) {
                Object only = onlyElement(value);
                if (only != null && label == null) {
                    label = only instanceof Number number ? className(number.longValue()) : only.toString();
                }
            } else if (type.startsWith("seq(map(") && probabilities == null && value instanceof List<?> maps
                    && maps.size() == 1 && maps.get(0) instanceof Map<?, ?> zipMap) {
                probabilities = byKey(zipMap, type.startsWith("seq(map(string"));
            }
        }

        if (anomaly) {
            return single == null ? new Prediction(null, null, null, values, latencyMs)
                    : new Prediction(single >= threshold ? ANOMALY : NORMAL, single, null, values, latencyMs);
        }
        if (probabilities == null || probabilities.isEmpty()) {
            return new Prediction(label, single, null, values, latencyMs);
        }
        String best = null;
        for (Map.Entry<String, Double> entry : probabilities.entrySet()) {
            if (best == null || entry.getValue() > probabilities.get(best)) {
                best = entry.getKey();
            }
        }
        String chosen = label == null ? best : label;
        Double score = probabilities.getOrDefault(chosen, probabilities.get(best));
        return new Prediction(chosen, score, probabilities, values, latencyMs);
    }

    private String className(long index) {
        return index >= 0 && index < labels.size() ? labels.get((int) index) : Long.toString(index);
    }

    private Map<String, Double> byIndex(List<?> row) {
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            if (!(row.get(i) instanceof Number number)) {
                return null;
            }
            probabilities.put(className(i), number.doubleValue());
        }
        return probabilities;
    }

    private Map<String, Double> byKey(Map<?, ?> zipMap, boolean stringKeys) {
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : zipMap.entrySet()) {
            if (!(entry.getValue() instanceof Number number)) {
                return null;
            }
            String key = String.valueOf(entry.getKey());
            probabilities.put(stringKeys ? key : className(Long.parseLong(key)), number.doubleValue());
        }
        return probabilities;
    }

    /** The single row of a [K] or [1, ..., 1, K] value, else null. */
    private static List<?> oneRow(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        while (list.size() == 1 && list.get(0) instanceof List<?> inner) {
            list = inner;
        }
        return list.isEmpty() || list.get(0) instanceof List<?> ? null : list;
    }

    /** The one element of a scalar or a value whose every dimension is 1, else null. */
    private static Object onlyElement(Object value) {
        while (value instanceof List<?> list) {
            if (list.size() != 1) {
                return null;
            }
            value = list.get(0);
        }
        return value;
    }
}
