package io.modelfleet.api.model;

import org.osgi.annotation.versioning.ProviderType;

/** Compares what edges see with what a model version was trained on. */
@ProviderType
public interface DriftService {
    /**
     * @throws io.modelfleet.api.NotFoundException for an unknown version
     * @throws io.modelfleet.api.ConflictException when the version has no training dataset version to compare with
     */
    DriftReport drift(long modelVersionId, DriftQuery query);
}
