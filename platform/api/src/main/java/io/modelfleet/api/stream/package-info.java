/**
 * Streams (a solution trained on a dataset with parameters, on a backend) and their training runs.
 * <p>
 * 2.0.0: {@link io.modelfleet.api.stream.StreamService#deploy} starts a rollout with the stream's plan and returns it.
 * 2.1.0: the closed loop: {@link io.modelfleet.api.stream.RetrainingService}, {@link io.modelfleet.api.stream.RunTrigger#RETRAINING}.
 */
@org.osgi.annotation.versioning.Version("2.1.0")
package io.modelfleet.api.stream;
