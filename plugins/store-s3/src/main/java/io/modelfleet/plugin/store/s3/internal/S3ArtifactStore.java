package io.modelfleet.plugin.store.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.spi.storage.PresigningArtifactStore;
import io.modelfleet.api.support.s3.S3Client;
import io.modelfleet.api.support.s3.S3Exception;
import io.modelfleet.api.support.s3.S3Settings;

/**
 * Artifacts as objects of one S3 bucket: the key {@code k} is the object {@code <prefix>/k}. Registered with
 * {@code service.ranking} {@value #RANKING}, above the filesystem store (0), so a component that binds an
 * {@link ArtifactStore} while both are there gets this one. Only present while its configuration is
 * ({@link ConfigurationPolicy#REQUIRE}); activation sends no request, so an unreachable endpoint shows in the first
 * call's error rather than by silently leaving the server on the filesystem store.
 * <p>
 * {@code put} replaces nothing: it asks HEAD first and leaves an existing object as it is, and (with
 * {@code conditionalPut}) sends {@code If-None-Match: *}, which servers supporting conditional writes use to refuse a
 * concurrent second writer. A PUT is atomic in S3: an object is there whole or not at all. One PUT carries at most
 * 5 GiB ({@link S3Client#MAX_PUT_BYTES}).
 */
@Component(service = { ArtifactStore.class, PresigningArtifactStore.class }, configurationPid = S3StoreConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = { Constants.SERVICE_RANKING + ":Integer=" + S3ArtifactStore.RANKING, "store=s3" })
@Designate(ocd = S3StoreConfiguration.class)
public final class S3ArtifactStore implements PresigningArtifactStore {
    /** Above the filesystem store's (none, that is 0). */
    static final int RANKING = 100;
    /** The artifact key rules of the SPI (and the filesystem store): segments of letters, digits, '.', '-', '_'. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** What a prefix may hold: segments without '.' or '..' of their own, no empty ones. */
    private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final S3Client client;
    private final String prefix;
    private final S3Client.Payload payload;
    private final boolean conditionalPut;

    @Activate
    public S3ArtifactStore(S3StoreConfiguration config) {
        this(config, Clock.systemUTC());
    }

    S3ArtifactStore(S3StoreConfiguration config, Clock clock) {
        if (config.bucket() == null || config.bucket().isBlank()) {
            throw new IllegalArgumentException("the S3 artifact store needs a bucket");
        }
        if (config.connectTimeoutSeconds() < 1 || config.requestTimeoutSeconds() < 1) {
            throw new IllegalArgumentException("the S3 artifact store's timeouts must be 1 second or more");
        }
        this.prefix = prefix(config.prefix());
        this.client = new S3Client(new S3Settings(config.endpoint(), config.region(), config.bucket().strip(),
                config.pathStyle(), config.accessKey(), config._secretKey(), config._sessionToken(),
                Duration.ofSeconds(config.connectTimeoutSeconds()), Duration.ofSeconds(config.requestTimeoutSeconds())),
                clock);
        client.settings().endpointUri(); // a malformed endpoint fails the activation, naming it
        this.payload = config.signPayload() ? S3Client.Payload.SHA256 : S3Client.Payload.UNSIGNED;
        this.conditionalPut = config.conditionalPut();
    }

    @Override
    public void put(String key, Path source) throws IOException {
        String object = object(key);
        if (client.head(object) >= 0) {
            return; // immutable: the first blob under a key stays
        }
        client.put(object, source, payload, conditionalPut); // false: another writer won with the same key
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        String object = object(key);
        try {
            return client.get(object, offset);
        } catch (S3Exception e) {
            if (e.status() == 404 && !"NoSuchBucket".equals(e.code())) {
                throw missing(key);
            }
            if (e.status() == 416) { // at or past the end: the rest of the blob is nothing, as with a file
                if (client.head(object) < 0) {
                    throw missing(key);
                }
                return InputStream.nullInputStream();
            }
            throw e;
        }
    }

    @Override
    public long size(String key) throws IOException {
        return client.head(object(key));
    }

    @Override
    public boolean delete(String key) throws IOException {
        String object = object(key);
        if (client.head(object) < 0) {
            return false;
        }
        client.delete(object);
        return true;
    }

    @Override
    public URI presignedGet(String key, Duration validity) {
        return client.presignGet(object(key), validity);
    }

    @Override
    public URI presignedPut(String key, Duration validity) {
        return client.presignPut(object(key), validity);
    }

    /** Where the store keeps its objects, for messages. */
    String location() {
        return client.location() + (prefix.isEmpty() ? "" : " under " + prefix + "/");
    }

    private NoSuchFileException missing(String key) {
        return new NoSuchFileException(key, null, "no such artifact in " + location());
    }

    /** The object key of an artifact key, which must follow the SPI's rules. */
    String object(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("artifact key is empty");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("artifact key segment '" + segment + "' is not allowed");
            }
        }
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** The configured prefix without leading or trailing '/'; '.', '..' and empty segments are refused. */
    static String prefix(String configured) {
        String trimmed = configured == null ? "" : configured.strip().replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return "";
        }
        for (String segment : trimmed.split("/", -1)) {
            if (!PREFIX_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("prefix: '" + configured + "' must be segments of letters, digits, "
                        + "'.', '-', '_' separated by '/', without '.' or '..' segments");
            }
        }
        return trimmed;
    }
}
