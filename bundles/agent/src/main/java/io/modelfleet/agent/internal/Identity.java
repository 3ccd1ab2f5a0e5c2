package io.modelfleet.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Who this agent is to the server: its edge id and credential, and the server's signing key pinned at enrollment.
 * Kept in the data dir, readable by the agent's user only.
 */
record Identity(String serverUrl, long edgeId, String name, String credential, String serverPublicKey) {
    static final String FILE = "identity.json";

    static Optional<Identity> load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        return Files.exists(file) ? Optional.of(Json.MAPPER.readValue(file.toFile(), Identity.class)) : Optional.empty();
    }

    void save(Path dataDir) throws IOException {
        Path temporary = dataDir.resolve(FILE + ".tmp");
        Files.write(temporary, Json.MAPPER.writeValueAsBytes(this));
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not POSIX: the directory's ACLs apply
        }
        Files.move(temporary, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
