/**
 * {@link io.modelfleet.api.support.training.TrainingOutputs}: the file names and formats a training run leaves in
 * the artifact store, written the same way by every backend and the training container. A helper to call, not a
 * service; formerly in {@code io.modelfleet.api.spi.training}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.support.training;
