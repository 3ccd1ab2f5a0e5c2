package io.modelfleet.persistence;

import java.time.Instant;
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

    /**
     * Deletes a version nothing uses, in one transaction: its finished rollouts and past deployments go with it,
     * later versions that named it as their parent name its parent instead (lineage stays a chain), and its artifact
     * key is queued for the artifact collector ({@link ArtifactGcStore}), which deletes the file once no version
     * shares it.
     *
     * @return the deleted version
     * @throws io.modelfleet.api.NotFoundException when there is no such version
     * @throws io.modelfleet.api.ConflictException naming every reason when an edge runs it or has it assigned, a
     *         deployment of it is under way, a rollout that is not finished delivers it or would roll back to it, or
     *         it is the model's only version
     */
    ModelVersion deleteVersion(long id, Instant now);

    /** As {@link DatasetStore#reclaimBlob}: before an artifact is stored (again). */
    boolean reclaimBlob(String key, Instant now);
}
