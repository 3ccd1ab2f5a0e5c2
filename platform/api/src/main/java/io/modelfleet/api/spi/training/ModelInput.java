package io.modelfleet.api.spi.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A registered model a run takes as input, such as the backbone of a transfer-learning solution: the parameter that
 * named it (a {@code "format": "modelfleet-model"} property of the solution's schema), the model version as operators
 * name it, and a copy of its artifact in the artifact store under {@code key}, whose SHA-256 is {@code sha256}.
 */
public record ModelInput(String parameter, String reference, String key, String sha256, Map<String, String> metadata) {

    public ModelInput {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** @throws IOException when the file is not the registered artifact (its SHA-256 differs) */
    public void verify(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new IOException("the copy of model " + reference + " is damaged: its SHA-256 is " + actual
                    + ", the registry's " + sha256);
        }
    }
}
