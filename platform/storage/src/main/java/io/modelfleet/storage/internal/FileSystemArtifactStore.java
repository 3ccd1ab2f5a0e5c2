package io.modelfleet.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.modelfleet.api.spi.storage.ArtifactStore;

/**
 * Artifacts as files under one root. A put copies to a temporary file in the same directory and renames it into
 * place, so readers never see half a blob and a crash leaves at most a stray temporary file. Several replicas need
 * a shared volume or the S3 store.
 */
@Component(service = ArtifactStore.class, configurationPid = StorageConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "store=filesystem")
@Designate(ocd = StorageConfiguration.class)
public final class FileSystemArtifactStore implements ArtifactStore {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;

    @Activate
    public FileSystemArtifactStore(BundleContext context, StorageConfiguration config) throws IOException {
        this(config.root().isBlank() ? defaultRoot(context) : Path.of(config.root()));
    }

    public FileSystemArtifactStore(Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    }

    private static Path defaultRoot(BundleContext context) {
        String data = context.getProperty("karaf.data");
        return Path.of(data == null ? "data" : data, "modelfleet", "artifacts");
    }

    @Override
    public void put(String key, Path source) throws IOException {
        Path target = resolve(key);
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
        try {
            Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            } catch (FileAlreadyExistsException e) {
                // another writer won with the same immutable content
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        SeekableByteChannel channel = Files.newByteChannel(resolve(key), StandardOpenOption.READ);
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return Channels.newInputStream(channel);
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(resolve(key));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(resolve(key));
    }

    /** Keys come from our own code, but a key that could escape the root is refused all the same. */
    Path resolve(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("artifact key is empty");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("artifact key segment '" + segment + "' is not allowed");
            }
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("artifact key escapes the store");
        }
        return path;
    }
}
