package io.modelfleet.api.spi.storage;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An artifact store that can hand out URLs for one key at a time, so a process without the store's credentials or
 * volume (a Kubernetes training Job) reads its inputs and writes its outputs with plain HTTP: GET the one URL, PUT
 * the bytes to the other (a single request, no extra headers). An optional capability: callers check
 * {@code store instanceof PresigningArtifactStore} and fall back to what they did before when it is not.
 * <p>
 * A URL is a bearer credential for its key until it expires: do not log it. A presigned PUT, unlike
 * {@link #put}, replaces an existing blob; hand it out only for keys nobody else writes (a run's outputs).
 *
 * @since 1.1.0
 */
@ConsumerType
public interface PresigningArtifactStore extends ArtifactStore {

    /**
     * A URL that reads the blob under {@code key} for {@code validity}; the key need not exist yet.
     *
     * @throws IllegalArgumentException for a key the store refuses, or a validity the store cannot give (S3: 1 second
     *         to 7 days)
     */
    URI presignedGet(String key, Duration validity) throws IOException;

    /**
     * A URL that writes the blob under {@code key} with one HTTP PUT of its bytes, for {@code validity}.
     *
     * @throws IllegalArgumentException for a key the store refuses, or a validity the store cannot give
     */
    URI presignedPut(String key, Duration validity) throws IOException;
}
