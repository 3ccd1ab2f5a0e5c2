/**
 * The solution SPI: a solution type trains on a dataset version and exports a model.
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
 */
@org.osgi.annotation.versioning.Version("2.2.0")
package io.modelfleet.api.spi.solution;
