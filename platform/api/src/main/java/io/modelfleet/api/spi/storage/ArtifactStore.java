package io.modelfleet.api.spi.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Immutable blobs by key. Keys are relative paths of segments made of letters, digits, '.', '-' and '_'. Writes are
 * atomic: a key either holds the whole blob or nothing.
 */
@ConsumerType
public interface ArtifactStore {

    /** Copies the file in under the key, replacing nothing: an existing key is left as it is. */
    void put(String key, Path source) throws IOException;

    /** The blob from {@code offset} on; fails with {@link java.nio.file.NoSuchFileException} for an unknown key. */
    InputStream open(String key, long offset) throws IOException;

    /** The blob's size, or -1 when the key is unknown. */
    long size(String key) throws IOException;

    boolean delete(String key) throws IOException;
}
