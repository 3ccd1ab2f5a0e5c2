package io.modelfleet.api.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Model versions and their artifacts. Artifacts are checked by the format's inspector before anything is stored. */
@ProviderType
public interface ModelRegistry {

    /**
     * Registers a version from a local file: inspects it (an unloadable model fails with
     * {@link io.modelfleet.api.InvalidInputException}), hashes it and stores it in the artifact store. The file is
     * left where it is.
     *
     * @throws io.modelfleet.api.ConflictException when the version already exists
     */
    ModelVersion register(NewModelVersion version, Path artifact, String actor) throws IOException;

    List<Model> listModels();

    List<ModelVersion> listVersions(String name);

    ModelVersion getVersion(long id);

    /** Looks up "name:version" or a numeric id. */
    ModelVersion findVersion(String reference);

    ModelVersion setStage(long id, ModelStage stage, String actor);

    /** The artifact's bytes from {@code offset} on (for ranged downloads). */
    InputStream openArtifact(long id, long offset) throws IOException;

    /** The largest artifact accepted, in bytes. */
    long maxArtifactBytes();

    /** Formats an inspector is installed for, e.g. "onnx". */
    List<String> formats();

    /**
     * Deletes a version nothing uses; its artifact goes with the artifact collector's next pass after its grace
     * period, unless another version has the same content. Later versions that named it as their parent name its
     * parent instead.
     *
     * @throws io.modelfleet.api.NotFoundException when there is no such version
     * @throws io.modelfleet.api.ConflictException naming why, when an edge runs it or has it assigned, a deployment of
     *         it is under way, a rollout that is not finished delivers it or would roll back to it, or it is the
     *         model's only version
     */
    void deleteVersion(long id, String actor);
}
