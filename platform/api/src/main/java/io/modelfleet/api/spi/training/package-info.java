/**
 * The training backend SPI: a backend runs a solution's training somewhere and leaves its outputs in the artifact
 * store.
 * <p>
 * 2.1.0: {@link io.modelfleet.api.spi.training.TrainingRequest} carries the dataset's kind (a FILES dataset's CSV
 * names item contents by artifact key) and the registered models the run takes as input
 * ({@link io.modelfleet.api.spi.training.ModelInput}); the former constructor remains for tabular runs without model
 * inputs.
 */
@org.osgi.annotation.versioning.Version("2.1.0")
package io.modelfleet.api.spi.training;
