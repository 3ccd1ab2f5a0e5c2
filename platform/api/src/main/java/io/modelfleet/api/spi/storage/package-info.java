/**
 * Where artifacts and blobs live: the filesystem by default, S3 as a plugin.
 * <p>
 * To implement one: a DS component providing {@link io.modelfleet.api.spi.storage.ArtifactStore}, configured by its
 * own configuration PID. Keys are relative paths the platform chooses; blobs are immutable ({@code put} never
 * replaces an existing key) and writes atomic (a key holds the whole blob or nothing). Calls come from request,
 * import and training threads concurrently. Signal failures with {@link java.io.IOException}, an unknown key on
 * {@code open} with {@link java.nio.file.NoSuchFileException}.
 * <p>
 * Several stores may be registered (the filesystem store and an S3 store, say): a component referencing
 * {@code ArtifactStore} binds the one with the highest {@code service.ranking} (a static, reluctant reference keeps it
 * until the component is activated again; a greedy one rebinds when a higher-ranked store appears).
 * <p>
 * 1.1.0: {@link io.modelfleet.api.spi.storage.PresigningArtifactStore}, the optional capability of handing out
 * presigned GET and PUT URLs for single keys (the S3 store has it), so training Jobs need no shared volume.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.modelfleet.api.spi.storage;
