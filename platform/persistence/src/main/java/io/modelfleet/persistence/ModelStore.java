package io.modelfleet.persistence;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.model.Model;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;

/** Model versions. Names and versions are case-sensitive. */
@ProviderType
public interface ModelStore {

    /**
     * Inserts a version; a null version in the spec is numbered after the highest number of that name.
     *
     * @throws io.modelfleet.api.ConflictException when the version exists
     */
    ModelVersion insert(NewModelVersionRecord record);

    List<Model> listModels();

    List<ModelVersion> listVersions(String name);

    Optional<ModelVersion> find(long id);

    Optional<ModelVersion> find(String name, String version);

    /** The storage key of a version's artifact. */
    Optional<String> artifactKey(long id);

    boolean updateStage(long id, ModelStage stage, String actor, java.time.Instant now);
}
