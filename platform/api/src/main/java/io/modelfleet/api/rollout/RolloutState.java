package io.modelfleet.api.rollout;

/** Where a rollout stands. SUCCEEDED, FAILED, ABORTED and ROLLED_BACK are final (a FAILED one can still be rolled back). */
public enum RolloutState {
    PLANNED, RUNNING, PAUSED, SUCCEEDED, FAILED, ABORTED, ROLLED_BACK;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == ABORTED || this == ROLLED_BACK;
    }
}
