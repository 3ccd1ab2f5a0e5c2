package io.modelfleet.api.spi.training;

import io.modelfleet.api.spi.solution.DatasetKind;

/**
 * What a backend needs to train. Dataset and outputs live in the artifact store: the dataset version as CSV
 * ({@link io.modelfleet.api.spi.solution.TabularData#readCsv}) under {@code datasetKey}; the backend leaves the files
 * {@link io.modelfleet.api.support.training.TrainingOutputs} names under {@code outputPrefix} before it reports {@link TrainingPhase#SUCCEEDED}.
 *
 * @param runId the run's id, unique across the installation
 * @param parametersJson validated parameters with defaults filled in
 * @param labelsCsv the dataset's label set, comma-separated in order
 * @param datasetKind TABULAR: {@code datasetKey} is the table; FILES: it lists the items, whose contents are artifact
 *        keys ({@link io.modelfleet.api.spi.solution.FileData#readCsv})
 * @param models the registered models the parameters name, each copied into the artifact store
 */
public record TrainingRequest(long runId, String solutionTypeId, String solutionVersion, String parametersJson,
        long seed, String datasetKey, String labelsCsv, String outputPrefix, DatasetKind datasetKind,
        java.util.List<ModelInput> models) {

    public TrainingRequest {
        datasetKind = datasetKind == null ? DatasetKind.TABULAR : datasetKind;
        models = models == null ? java.util.List.of() : java.util.List.copyOf(models);
    }

    /** A run on a tabular dataset without model inputs (the 2.0 request). */
    public TrainingRequest(long runId, String solutionTypeId, String solutionVersion, String parametersJson, long seed,
            String datasetKey, String labelsCsv, String outputPrefix) {
        this(runId, solutionTypeId, solutionVersion, parametersJson, seed, datasetKey, labelsCsv, outputPrefix,
                DatasetKind.TABULAR, java.util.List.of());
    }

    /** {@link #labelsCsv} as a list, in order; empty when the dataset has no label set. */
    public java.util.List<String> labels() {
        return labels(labelsCsv);
    }

    /** A comma-separated label set (as requests and training containers carry it) as a list. */
    public static java.util.List<String> labels(String labelsCsv) {
        return labelsCsv == null || labelsCsv.isEmpty() ? java.util.List.of() : java.util.List.of(labelsCsv.split(","));
    }
}
