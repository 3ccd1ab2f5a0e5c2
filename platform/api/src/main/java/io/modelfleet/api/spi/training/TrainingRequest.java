package io.modelfleet.api.spi.training;

/** What a backend needs to train: the run, the solution, where the dataset is and where the model goes. */
public record TrainingRequest(String runId, String solutionTypeId, String datasetUri, String parametersJson,
        String outputUri) {
}
