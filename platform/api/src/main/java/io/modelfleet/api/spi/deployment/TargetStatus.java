package io.modelfleet.api.spi.deployment;

/** Where one deployment stands as a target observes it, with the reason when it is stuck or failed. */
public record TargetStatus(EdgeDeploymentStatus status, String detail) {
    public TargetStatus {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
    }
}
