package io.modelfleet.api.stream;

/** Who queued a run: a person, the stream's schedule, or the stream's retraining policy after an alert. */
public enum RunTrigger {
    MANUAL, SCHEDULE, RETRAINING
}
