package io.modelfleet.agent.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;

/**
 * Writes the data directory of an agent that has enrolled and received a model, as the agent itself leaves it: its
 * identity with the pinned server key, the model file and its signed manifest. An agent started on it serves the model
 * at once and offline (as after a restart), so a benchmark needs no server. Lives in the agent's package because the
 * identity and manifest files are the agent's private formats.
 */
public final class EnrolledDataDir {

    private EnrolledDataDir() {
    }

    /** @return the model's reference as {@code GET /v1/status} reports it once it is in service */
    public static String write(Path dataDir, Path model, String modelName, String version,
            Map<String, String> metadata) throws Exception {
        KeyPair serverKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        long edgeId = 1;
        Files.createDirectories(dataDir);
        new Identity("http://127.0.0.1:9", edgeId, "benchmark-edge", "mfc_1_benchmark",
                Base64.getEncoder().encodeToString(serverKey.getPublic().getEncoded())).save(dataDir);
        Path models = Files.createDirectories(dataDir.resolve("models"));
        String sha256 = ManifestVerifier.sha256(model);
        Files.copy(model, models.resolve(sha256 + ".onnx"));
        ModelManifest manifest = new ModelManifest(1, edgeId, 1, modelName, version, "onnx", sha256, Files.size(model),
                "/api/v1/edge/artifacts/1", metadata, Instant.now(), Instant.now().plusSeconds(30 * 24 * 3600));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(serverKey.getPrivate());
        signer.update(manifest.canonicalBytes());
        Json.MAPPER.writeValue(models.resolve("current.json").toFile(),
                new SignedManifest(manifest, Base64.getEncoder().encodeToString(signer.sign())));
        return manifest.reference();
    }
}
