package io.modelfleet.plugin.target.gitops.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;

/**
 * The files the target writes: per edge a Kubernetes ConfigMap {@code modelfleet-<edgeName>} with the model, its
 * artifact URL and the signed manifest, and per group a kustomization listing the group's edge files. Strings are
 * written as YAML double-quoted scalars (JSON escapes), the manifest as a literal block, so its text reads back byte
 * for byte.
 */
final class EdgeFiles {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String EDGE_ID_LABEL = "modelfleet.io/edge-id";
    private static final Pattern EDGE_ID = Pattern.compile("^    " + Pattern.quote(EDGE_ID_LABEL) + ": \"(\\d{1,19})\"$",
            Pattern.MULTILINE);
    private static final Pattern DEPLOYMENT_ID = Pattern.compile("^  deploymentId: \"(\\d{1,19})\"$", Pattern.MULTILINE);
    private static final Pattern EXPIRES_AT = Pattern.compile("^  expiresAt: \"([^\"]+)\"$", Pattern.MULTILINE);
    private static final Pattern DNS_LABEL_CHARS = Pattern.compile("[^a-z0-9-]");

    private final String targetId;
    private final String serverUrl;

    EdgeFiles(String targetId, String serverUrl) {
        this.targetId = targetId;
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    }

    String artifactUrl(long deploymentId) {
        return serverUrl + ModelManifest.artifactPath(deploymentId);
    }

    /**
     * {@code modelfleet-<edgeName>} in the DNS label form Kubernetes names take (lower case letters, digits, '-'); an
     * edge name that needs changing for that (upper case, '_', '.') gets its id appended, so two edges never share a
     * name.
     */
    static String configMapName(String edgeName, long edgeId) {
        String lower = edgeName.toLowerCase(Locale.ROOT);
        String name = DNS_LABEL_CHARS.matcher(lower).replaceAll("-");
        while (name.endsWith("-")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals(edgeName) ? "modelfleet-" + name : "modelfleet-" + name + "-" + edgeId;
    }

    byte[] edgeFile(TargetDeployment deployment, String group, SignedManifest signed) {
        TargetModel model = deployment.model();
        ModelManifest manifest = signed.manifest();
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Written by ModelFleet (GitOps target ").append(targetId).append(") for edge ")
                .append(deployment.edgeName()).append(": the next deployment overwrites it.\n");
        yaml.append("apiVersion: v1\n");
        yaml.append("kind: ConfigMap\n");
        yaml.append("metadata:\n");
        yaml.append("  name: ").append(configMapName(deployment.edgeName(), deployment.edgeId())).append('\n');
        yaml.append("  labels:\n");
        yaml.append("    ").append(MANAGED_BY).append(": modelfleet\n");
        yaml.append("    ").append(EDGE_ID_LABEL).append(": ").append(quote(Long.toString(deployment.edgeId())))
                .append('\n');
        yaml.append("  annotations:\n");
        yaml.append("    modelfleet.io/edge-name: ").append(quote(deployment.edgeName())).append('\n');
        yaml.append("    modelfleet.io/group: ").append(quote(group)).append('\n');
        yaml.append("    modelfleet.io/target: ").append(quote(targetId)).append('\n');
        yaml.append("data:\n");
        entry(yaml, "edgeId", Long.toString(deployment.edgeId()));
        entry(yaml, "edgeName", deployment.edgeName());
        entry(yaml, "deploymentId", Long.toString(deployment.deploymentId()));
        entry(yaml, "modelVersionId", Long.toString(model.versionId()));
        entry(yaml, "modelName", model.name());
        entry(yaml, "modelVersion", model.version());
        entry(yaml, "modelFormat", model.format());
        entry(yaml, "sha256", model.sha256());
        entry(yaml, "sizeBytes", Long.toString(model.sizeBytes()));
        entry(yaml, "artifactUrl", artifactUrl(deployment.deploymentId()));
        entry(yaml, "issuedAt", String.valueOf(manifest.issuedAt()));
        entry(yaml, "expiresAt", String.valueOf(manifest.expiresAt()));
        // canonical text: ASCII lines (values URL-encoded), ending with one line break, which '|' keeps
        yaml.append("  manifest: |\n");
        String text = new String(manifest.canonicalBytes(), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            yaml.append("    ").append(line).append('\n');
        }
        entry(yaml, "signature", signed.signature());
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] kustomization(String group, List<String> files) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Written by ModelFleet (GitOps target ").append(targetId).append("): the edges of group ")
                .append(group).append(", rewritten with every deployment.\n");
        yaml.append("apiVersion: kustomize.config.k8s.io/v1beta1\n");
        yaml.append("kind: Kustomization\n");
        if (files.isEmpty()) {
            yaml.append("resources: []\n");
        } else {
            yaml.append("resources:\n");
            for (String file : files) {
                yaml.append("- ").append(quote(file)).append('\n');
            }
        }
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void entry(StringBuilder yaml, String key, String value) {
        yaml.append("  ").append(key).append(": ").append(quote(value)).append('\n');
    }

    /** A YAML double-quoted scalar; every escape used is also a JSON escape. */
    static String quote(String value) {
        String text = value == null ? "" : value;
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
            case '"' -> quoted.append("\\\"");
            case '\\' -> quoted.append("\\\\");
            case '\n' -> quoted.append("\\n");
            case '\t' -> quoted.append("\\t");
            case '\r' -> quoted.append("\\r");
            default -> {
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                    quoted.append(String.format("\\u%04x", (int) c));
                } else {
                    quoted.append(c);
                }
            }
            }
        }
        return quoted.append('"').toString();
    }

    /** What the target needs to know again of a file it wrote: whose it is and which deployment it carries. */
    record Written(long edgeId, long deploymentId, Instant expiresAt) {
    }

    /** Null for a file the target did not write (or that was edited beyond recognition). */
    static Written read(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        Matcher edge = EDGE_ID.matcher(text);
        Matcher deployment = DEPLOYMENT_ID.matcher(text);
        if (!edge.find() || !deployment.find()) {
            return null;
        }
        Instant expiresAt = null;
        Matcher expires = EXPIRES_AT.matcher(text);
        if (expires.find()) {
            try {
                expiresAt = Instant.parse(expires.group(1));
            } catch (DateTimeParseException e) {
                expiresAt = null;
            }
        }
        try {
            return new Written(Long.parseLong(edge.group(1)), Long.parseLong(deployment.group(1)), expiresAt);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
