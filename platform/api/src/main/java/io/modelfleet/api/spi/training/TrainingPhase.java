package io.modelfleet.api.spi.training;

public enum TrainingPhase {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED
}
