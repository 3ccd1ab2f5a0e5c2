package io.modelfleet.persistence;

import java.time.Instant;

import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.NewModelVersion;

/** A checked, hashed and stored artifact, ready to be recorded as a version. */
public record NewModelVersionRecord(NewModelVersion spec, String sha256, long sizeBytes, String artifactKey,
        ModelSignature signature, String actor, Instant now) {
}
