package io.modelfleet.api.stream;

/** QUEUED until a server has submitted it to the backend; RUNNING until the backend says how it ended. */
public enum RunState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
