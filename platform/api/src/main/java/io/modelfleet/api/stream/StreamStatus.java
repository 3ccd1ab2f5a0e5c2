package io.modelfleet.api.stream;

public enum StreamStatus {
    READY_TO_TRAIN, TRAINING, TRAINED, FAILED, DEPLOYED
}
