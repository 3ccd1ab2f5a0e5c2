package io.modelfleet.api.spi.training;

/**
 * What a backend needs to train. Dataset and outputs live in the artifact store: the dataset version as CSV
 * ({@link io.modelfleet.api.spi.solution.TabularData#readCsv}) under {@code datasetKey}; the backend leaves the files
 * {@link TrainingOutputs} names under {@code outputPrefix} before it reports {@link TrainingPhase#SUCCEEDED}.
 *
 * @param runId the run's id, unique across the installation
 * @param parametersJson validated parameters with defaults filled in
 * @param labelsCsv the dataset's label set, comma-separated in order
 */
public record TrainingRequest(long runId, String solutionTypeId, String solutionVersion, String parametersJson,
        long seed, String datasetKey, String labelsCsv, String outputPrefix) {
}
