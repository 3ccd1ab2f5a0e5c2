package io.modelfleet.api.model;

/** Where a model version stands in review. Deployment needs APPROVED or DEPLOYED; ARCHIVED versions cannot deploy. */
public enum ModelStage {
    CANDIDATE, APPROVED, DEPLOYED, ARCHIVED;

    public boolean deployable() {
        return this == APPROVED || this == DEPLOYED;
    }
}
