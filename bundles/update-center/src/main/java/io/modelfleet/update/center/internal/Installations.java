package io.modelfleet.update.center.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.modelfleet.api.plugin.InstalledPlugin;

/**
 * The plugins this server installed through the update center, kept in one JSON file in the data folder next to
 * Karaf's own record of installed features (which reinstalls them after a restart).
 */
final class Installations {
    /** An installed plugin and where its feature repository and extracted KAR are. */
    record Installation(String id, String version, String feature, String featureVersion, String source, String sha256,
            Instant installedAt, String installedBy, String repository, String directory) {
        InstalledPlugin view() {
            return new InstalledPlugin(id, version, feature + "/" + featureVersion, source, sha256, installedAt, installedBy);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Path file;
    private final Map<String, Installation> byId = new ConcurrentHashMap<>();

    Installations(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            for (Installation installation : JSON.readValue(file.toFile(), new TypeReference<List<Installation>>() {
            })) {
                byId.put(installation.id(), installation);
            }
        }
    }

    Optional<Installation> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<Installation> byFeature(String feature) {
        return byId.values().stream().filter(installation -> installation.feature().equals(feature)).findFirst();
    }

    List<Installation> all() {
        List<Installation> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(Installation::id));
        return all;
    }

    synchronized void put(Installation installation) throws IOException {
        byId.put(installation.id(), installation);
        save();
    }

    synchronized void remove(String id) throws IOException {
        byId.remove(id);
        save();
    }

    /** Written to a temporary file and moved, so a crash leaves the old list or the new one, never half of one. */
    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), all());
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
