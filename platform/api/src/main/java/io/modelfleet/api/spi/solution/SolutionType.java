package io.modelfleet.api.spi.solution;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import io.modelfleet.api.plugin.PluginDescriptor;

/**
 * An ML solution type, such as tabular classification or anomaly detection. Implemented by plugins. The major number
 * of {@link PluginDescriptor#version()} is the M of the vM.N model versions it produces: bump it when models trained
 * by the new release are not comparable with the old ones.
 */
@ConsumerType
public interface SolutionType {
    /** The {@code format} of a string parameter that names a registered model version. */
    String MODEL_PARAMETER_FORMAT = "modelfleet-model";

    PluginDescriptor descriptor();

    /** The kind of dataset it trains on: the server refuses a stream on another kind. */
    DatasetKind datasetKind();

    /**
     * JSON Schema (draft 2020-12) of the training parameters; the UI renders it as a form and the server validates
     * against it. The subset understood everywhere: {@code type} (object, number, integer, string, boolean),
     * {@code properties}, {@code required}, {@code additionalProperties: false}, {@code enum}, {@code minimum},
     * {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code minLength}, {@code maxLength},
     * {@code default}, {@code title}, {@code description}; and {@code "format": "modelfleet-model"} on a string
     * property: its value names a registered model version ({@code name:version}) that training receives through
     * {@link TrainingContext#inputModel}.
     */
    String parameterSchema();

    /** Names of the metrics each training run reports, e.g. accuracy, macro_f1; the first is the headline. */
    List<String> metrics();

    /** Format of the models it produces; "onnx" for every solution the edge agent can run. */
    String modelFormat();

    /**
     * Trains on a tabular dataset version, evaluates on a held-out split and exports the model. Runs on a training
     * backend's worker thread (in the server or in a training container); long loops check
     * {@link TrainingContext#cancelled()}. Solutions of {@link DatasetKind#TABULAR} implement it; the default refuses.
     *
     * @throws io.modelfleet.api.InvalidInputException when the data cannot be trained on (the message says why:
     *         too few rows, a non-numeric value, a single class...)
     * @throws java.util.concurrent.CancellationException when the context was cancelled
     */
    default TrainedModel train(TabularData data, TrainingContext context) throws Exception {
        throw new io.modelfleet.api.InvalidInputException(descriptor().displayName() + " trains on " + datasetKind()
                + " datasets, not TABULAR ones");
    }

    /**
     * Trains on a FILES dataset version (images, say), streaming each item's bytes from {@link FileData#open}, with the
     * same duties as {@link #train(TabularData, TrainingContext)}: held-out split, progress, cancellation, outputs
     * ({@link TrainedModel.HeldOutPrediction#values()} holds the item's key). Solutions of {@link DatasetKind#FILES}
     * implement it; the default refuses.
     *
     * @throws io.modelfleet.api.InvalidInputException when the data cannot be trained on, naming the item when one is
     *         at fault (a file that is not a decodable image, say)
     * @throws java.util.concurrent.CancellationException when the context was cancelled
     */
    default TrainedModel train(FileData data, TrainingContext context) throws Exception {
        throw new io.modelfleet.api.InvalidInputException(descriptor().displayName() + " trains on " + datasetKind()
                + " datasets, not FILES ones");
    }
}
