package io.modelfleet.api.dataset;

/** IMPORTING while an import job runs; FAILED when the last import failed (the items from before stay). */
public enum DatasetState {
    AVAILABLE, IMPORTING, FAILED, DELETED
}
