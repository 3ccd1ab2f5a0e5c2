package io.modelfleet.api.deployment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What the server vouches for when it tells an agent to install an agent release (a set of bundles for its Felix
 * framework). Signed like {@link ModelManifest}, with its own first line, so neither manifest can pass for the other.
 */
public record AgentManifest(long updateId, long edgeId, long releaseId, String version, String sha256, long sizeBytes,
        String artifactPath, Instant issuedAt, Instant expiresAt) {

    public static final String VERSION_LINE = "modelfleet-agent-manifest-v1";
    /** Where the server serves an agent update's release archive to the edge it was made for (resumable). */
    public static final String ARTIFACT_PATH = "/api/v1/edge/agent-artifacts/";

    public static String artifactPath(long updateId) {
        return ARTIFACT_PATH + updateId;
    }

    public byte[] canonicalBytes() {
        StringBuilder text = new StringBuilder(VERSION_LINE).append('\n');
        line(text, "updateId", Long.toString(updateId));
        line(text, "edgeId", Long.toString(edgeId));
        line(text, "releaseId", Long.toString(releaseId));
        line(text, "version", version);
        line(text, "sha256", sha256);
        line(text, "sizeBytes", Long.toString(sizeBytes));
        line(text, "artifactPath", artifactPath);
        line(text, "issuedAt", issuedAt == null ? "" : issuedAt.toString());
        line(text, "expiresAt", expiresAt == null ? "" : expiresAt.toString());
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append(key).append('=').append(URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8))
                .append('\n');
    }
}
