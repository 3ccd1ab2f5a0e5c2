package io.modelfleet.api.spi.training;

/**
 * The files a successful run leaves under its output prefix in the artifact store. A training container writes the
 * same files, so every backend hands results over the same way.
 */
public final class TrainingOutputs {
    /** The exported model. */
    public static final String MODEL = "model.onnx";
    /**
     * The evaluation: {@code {"metrics": {name: number}, "contract": {key: string}, "report": {...}}}, as
     * {@link io.modelfleet.api.spi.solution.TrainedModel} describes them.
     */
    public static final String RESULT = "result.json";
    /** Held-out predictions as CSV: the feature columns, {@code label}, {@code predicted}, {@code score}. */
    public static final String PREDICTIONS = "predictions.csv";

    private TrainingOutputs() {
    }

    public static String key(String outputPrefix, String file) {
        return outputPrefix + "/" + file;
    }
}
