package io.modelfleet.api.deployment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the server vouches for when it tells an edge to run a model. The signature covers {@link #canonicalBytes()},
 * so server and agent must agree on that encoding byte for byte: one {@code key=value} line per field in a fixed
 * order, values URL-encoded, metadata sorted by key (keys URL-encoded too).
 */
public record ModelManifest(long deploymentId, long edgeId, long modelVersionId, String modelName,
        String modelVersion, String format, String sha256, long sizeBytes, String artifactPath,
        Map<String, String> metadata, Instant issuedAt, Instant expiresAt) {

    public static final String VERSION_LINE = "modelfleet-manifest-v1";
    /** Where the server serves a deployment's artifact to the edge it was made for (resumable with Range). */
    public static final String ARTIFACT_PATH = "/api/v1/edge/artifacts/";

    /** The artifact path of a deployment, relative to the server's URL. */
    public static String artifactPath(long deploymentId) {
        return ARTIFACT_PATH + deploymentId;
    }

    public ModelManifest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public String reference() {
        return modelName + ":" + modelVersion;
    }

    public byte[] canonicalBytes() {
        StringBuilder text = new StringBuilder(VERSION_LINE).append('\n');
        line(text, "deploymentId", Long.toString(deploymentId));
        line(text, "edgeId", Long.toString(edgeId));
        line(text, "modelVersionId", Long.toString(modelVersionId));
        line(text, "modelName", modelName);
        line(text, "modelVersion", modelVersion);
        line(text, "format", format);
        line(text, "sha256", sha256);
        line(text, "sizeBytes", Long.toString(sizeBytes));
        line(text, "artifactPath", artifactPath);
        // keys are encoded like values: a key with '=' or a line break must not read as other entries
        new TreeMap<>(metadata).forEach((key, value) -> line(text, "metadata." + encode(key), value));
        line(text, "issuedAt", issuedAt == null ? "" : issuedAt.toString());
        line(text, "expiresAt", expiresAt == null ? "" : expiresAt.toString());
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append(key).append('=').append(encode(value)).append('\n');
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
