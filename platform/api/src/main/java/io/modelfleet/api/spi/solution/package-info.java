/**
 * The solution SPI: a solution type trains on a dataset version and exports a model.
 * <p>
 * To implement one: a DS component (no configuration) providing {@link io.modelfleet.api.spi.solution.SolutionType};
 * {@code descriptor().id()} is the id streams name. Declare parameters as a JSON Schema ({@code parameterSchema()},
 * the subset it documents); the platform checks them before a stream is saved and again at training, with defaults
 * filled in. {@code train} runs on a training backend's worker (possibly in a container, outside the server): report
 * progress and honour cancellation through the {@link io.modelfleet.api.spi.solution.TrainingContext}, throw
 * {@link io.modelfleet.api.InvalidInputException} for data the solution cannot train on, and keep memory bounded by
 * streaming {@link io.modelfleet.api.spi.solution.FileData}. Output files are written with
 * {@link io.modelfleet.api.support.training.TrainingOutputs}.
 * <p>
 * 2.1.0: FILES datasets reach solutions as {@link io.modelfleet.api.spi.solution.FileData} (item metadata in memory,
 * bytes streamed) through {@code SolutionType.train(FileData, TrainingContext)}; both {@code train} methods are
 * default methods refusing the kind the solution does not declare. {@link io.modelfleet.api.spi.solution.HeldOutSplit}
 * and {@link io.modelfleet.api.spi.solution.ClassificationMetrics}, formerly private to the tabular solution, are
 * shared so that every classification solution splits and scores the same way.
 * <p>
 * 2.2.0: a string parameter with {@code "format": "modelfleet-model"} names a registered model version
 * ({@code name:version}, such as the backbone of transfer learning); the platform refuses a stream naming none and
 * hands the model to training as {@link io.modelfleet.api.spi.solution.TrainingContext#inputModel}.
 * <p>
 * 2.2.1: {@code TabularData} and {@code FileData} read CSV with {@code io.modelfleet.api.support.csv.CsvReader}
 * (moved from the source SPI); no signature changed.
 * <p>
 * 2.3.0: {@link io.modelfleet.api.spi.solution.HeldOutEvaluation} asks a trained classifier about the held-out items
 * of a {@code HeldOutSplit} and gives its held-out predictions and {@code ClassificationMetrics}, the evaluation the
 * classification solutions shared as copies.
 */
@org.osgi.annotation.versioning.Version("2.3.0")
package io.modelfleet.api.spi.solution;
