package io.modelfleet.api.spi.training;

/** The state of a submitted run; on SUCCEEDED the outputs are in place, on FAILED the message says why. */
public record TrainingStatus(TrainingPhase phase, double progress, String message) {
}
