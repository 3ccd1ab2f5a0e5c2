/**
 * Where artifacts and blobs live: the filesystem by default, S3 as a plugin.
 * <p>
 * To implement one: a DS component providing {@link io.modelfleet.api.spi.storage.ArtifactStore}, configured by its
 * own configuration PID. Keys are relative paths the platform chooses; blobs are immutable ({@code put} never
 * replaces an existing key) and writes atomic (a key holds the whole blob or nothing). Calls come from request,
 * import and training threads concurrently. Signal failures with {@link java.io.IOException}, an unknown key on
 * {@code open} with {@link java.nio.file.NoSuchFileException}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.spi.storage;
