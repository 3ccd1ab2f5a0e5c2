package io.modelfleet.api.spi.solution;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What training produced.
 *
 * @param artifact the exported model file (in the context's work directory)
 * @param metrics headline numbers on the held-out split, named as {@link SolutionType#metrics()} says
 * @param contract the inference contract the edge agent applies, stored as the model version's metadata:
 *        {@code task} (classification or anomaly), {@code labels} (class names in output index order),
 *        {@code threshold} (anomaly score threshold), {@code input} (the model input's name) and {@code columns}
 *        (feature columns in the order the input tensor takes them)
 * @param reportJson the full evaluation as a JSON object, e.g. per-class precision/recall/F1 and a confusion matrix
 *        ({@code {"confusion": {"labels": [...], "matrix": [[...]]}, "classes": {...}}})
 * @param heldOut the trainer's own predictions on the held-out rows, which the edge must reproduce
 */
public record TrainedModel(Path artifact, Map<String, Double> metrics, Map<String, String> contract,
        String reportJson, List<HeldOutPrediction> heldOut) {

    public TrainedModel {
        metrics = Map.copyOf(metrics);
        contract = Map.copyOf(contract);
        heldOut = List.copyOf(heldOut);
    }

    /** One held-out row, its true label (or null) and what the trained model said of it. */
    public record HeldOutPrediction(List<String> values, String label, String predicted, double score) {
        public HeldOutPrediction {
            values = List.copyOf(values);
        }
    }
}
