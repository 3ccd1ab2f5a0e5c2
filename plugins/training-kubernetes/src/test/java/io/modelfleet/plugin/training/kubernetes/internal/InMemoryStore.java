package io.modelfleet.plugin.training.kubernetes.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.spi.storage.PresigningArtifactStore;

/**
 * Artifact stores for the backend's tests: blobs in memory; the presigning one hands out URLs that name key, method
 * and validity ({@code https://store.example/<key>?method=GET&validity=PT24H}), so a test sees what the Job got. The
 * URLs themselves are tested against a real S3 server in plugins/store-s3 and distribution/trainer.
 */
class InMemoryStore implements ArtifactStore {
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

    static final class Presigning extends InMemoryStore implements PresigningArtifactStore {
        @Override
        public URI presignedGet(String key, Duration validity) {
            return url(key, "GET", validity);
        }

        @Override
        public URI presignedPut(String key, Duration validity) {
            return url(key, "PUT", validity);
        }

        static URI url(String key, String method, Duration validity) {
            return URI.create("https://store.example/" + key + "?method=" + method + "&validity=" + validity);
        }
    }

    @Override
    public void put(String key, Path source) throws IOException {
        blobs.putIfAbsent(key, Files.readAllBytes(source));
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        byte[] blob = blobs.get(key);
        if (blob == null) {
            throw new NoSuchFileException(key);
        }
        return new ByteArrayInputStream(Arrays.copyOfRange(blob, (int) Math.min(offset, blob.length), blob.length));
    }

    @Override
    public long size(String key) {
        byte[] blob = blobs.get(key);
        return blob == null ? -1 : blob.length;
    }

    @Override
    public boolean delete(String key) {
        return blobs.remove(key) != null;
    }
}
