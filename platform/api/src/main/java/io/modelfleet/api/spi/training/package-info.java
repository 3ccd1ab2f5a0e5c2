/**
 * The training backend SPI: a backend runs a solution's training somewhere and leaves its outputs in the artifact
 * store.
 * <p>
 * To implement one: a DS component providing {@link io.modelfleet.api.spi.training.TrainingBackend}, configured by a
 * factory configuration (configuration policy REQUIRE) whose {@code id} becomes {@code descriptor().id()}. The
 * platform calls {@code submit}, then polls {@code status} from the server holding the run's lease; keep calls short
 * (they run on the platform's scheduler), find runs again by handle after a restart, and report an unknown handle as
 * FAILED. A run is done when the outputs {@link io.modelfleet.api.support.training.TrainingOutputs} names are in the
 * artifact store. Throw any exception when the backend's system is unreachable; the platform retries.
 * <p>
 * 2.1.0: {@link io.modelfleet.api.spi.training.TrainingRequest} carries the dataset's kind (a FILES dataset's CSV
 * names item contents by artifact key) and the registered models the run takes as input
 * ({@link io.modelfleet.api.spi.training.ModelInput}); the former constructor remains for tabular runs without model
 * inputs.
 * <p>
 * 3.0.0: the helper {@code TrainingOutputs} moved to {@code io.modelfleet.api.support.training}; the SPI types are
 * unchanged.
 */
@org.osgi.annotation.versioning.Version("3.0.0")
package io.modelfleet.api.spi.training;
