/**
 * Helpers for training backends, to call rather than services to provide.
 * <p>
 * {@link io.modelfleet.api.support.training.TrainingOutputs}: the file names and formats a training run leaves in
 * the artifact store, written the same way by every backend and the training container; formerly in
 * {@code io.modelfleet.api.spi.training}.
 * <p>
 * 1.1.0: {@link io.modelfleet.api.support.training.TrainingRunPool} and
 * {@link io.modelfleet.api.support.training.TrainingRun}: the bounded worker pool, the run table and the status,
 * progress, log and cancel bookkeeping of a backend that trains in the server's JVM, shared by the in-process
 * backend and the training backend archetype.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.modelfleet.api.support.training;
