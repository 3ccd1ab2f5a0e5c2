package io.modelfleet.api.stream;

/**
 * Where a retraining stands. IMPORTING, AWAITING_LABELS, TRAINING, AWAITING_APPROVAL and ROLLING_OUT are its steps;
 * SUCCEEDED (the rollout succeeded), FAILED (a step failed or a gate held it back) and STOPPED (by a person) are final.
 */
public enum RetrainingState {
    IMPORTING, AWAITING_LABELS, TRAINING, AWAITING_APPROVAL, ROLLING_OUT, SUCCEEDED, FAILED, STOPPED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == STOPPED;
    }
}
