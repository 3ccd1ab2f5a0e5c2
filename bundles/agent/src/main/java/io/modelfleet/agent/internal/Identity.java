package io.modelfleet.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who this agent is to the server: its edge id and credential, and the server's signing key pinned at enrollment.
 * Kept in the data dir, readable by the agent's user only; or, for an agent that never enrolls ({@code serve}), read
 * from files someone else provisioned.
 */
record Identity(String serverUrl, long edgeId, String name, String credential, String serverPublicKey) {
    static final String FILE = "identity.json";
    /** As the server issues them: a canonical edge id and a secret of printable ASCII, 128 characters at most. */
    private static final Pattern CREDENTIAL = Pattern.compile("mfc_([1-9][0-9]{0,17})_[\\x21-\\x7E]+");

    /**
     * The identity of an agent that is given one instead of enrolling: the edge credential
     * ({@code mfc_<edgeId>_<secret>}) and the server's Ed25519 public key (base64 X.509 SubjectPublicKeyInfo), each in
     * a file. Errors name the file, never the secret.
     */
    static Identity fromFiles(String serverUrl, String name, Path credentialFile, Path serverKeyFile) throws IOException {
        String credential = Files.readString(credentialFile).trim();
        long edgeId = edgeIdOf(credential).orElseThrow(() -> new IOException(credentialFile
                + " does not hold an edge credential of the form mfc_<edgeId>_<secret>"));
        // base64 tools wrap long lines
        String serverKey = Files.readString(serverKeyFile).replaceAll("\\s", "");
        try {
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(serverKey)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(serverKeyFile + " does not hold the server's Ed25519 public key"
                    + " (base64 X.509 SubjectPublicKeyInfo): " + e.getMessage(), e);
        }
        return new Identity(serverUrl, edgeId, name, credential, serverKey);
    }

    /** The edge id of a well-formed edge credential. */
    static OptionalLong edgeIdOf(String credential) {
        Matcher matcher = CREDENTIAL.matcher(credential);
        return credential.length() <= 128 && matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1)))
                : OptionalLong.empty();
    }

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
