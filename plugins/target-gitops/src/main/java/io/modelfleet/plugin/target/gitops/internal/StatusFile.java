package io.modelfleet.plugin.target.gitops.internal;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetStatus;

/**
 * What the cluster side reports for one edge: {@code {"deploymentId": 42, "status": "ACTIVE", "detail": "..."}}
 * ({@code deploymentId} a number or a string of digits, {@code status} one of {@link EdgeDeploymentStatus}, any case,
 * {@code detail} optional). Anything else in the object is ignored.
 */
record StatusFile(long deploymentId, TargetStatus status) {
    /** Larger files are not read. */
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_DETAIL = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IOException with the reason when the content is not a status of this form */
    static StatusFile parse(byte[] content) throws IOException {
        if (content.length > MAX_BYTES) {
            throw new IOException("it is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IOException("it is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IOException("it is not a JSON object");
        }
        JsonNode id = root.get("deploymentId");
        long deploymentId;
        if (id != null && id.isIntegralNumber() && id.canConvertToLong()) {
            deploymentId = id.longValue();
        } else if (id != null && id.isTextual() && id.textValue().matches("\\d{1,18}")) {
            deploymentId = Long.parseLong(id.textValue());
        } else {
            throw new IOException("it has no numeric deploymentId");
        }
        JsonNode status = root.get("status");
        if (status == null || !status.isTextual()) {
            throw new IOException("it has no status");
        }
        EdgeDeploymentStatus value;
        try {
            value = EdgeDeploymentStatus.valueOf(status.textValue().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException("status '" + abbreviate(status.textValue(), 40) + "' is none of "
                    + java.util.Arrays.toString(EdgeDeploymentStatus.values()));
        }
        JsonNode detail = root.get("detail");
        String text = detail == null || detail.isNull() ? null
                : abbreviate(detail.isTextual() ? detail.textValue() : detail.toString(), MAX_DETAIL);
        return new StatusFile(deploymentId, new TargetStatus(value, text == null || text.isBlank() ? null : text));
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
