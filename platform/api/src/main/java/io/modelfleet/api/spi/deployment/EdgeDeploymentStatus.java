package io.modelfleet.api.spi.deployment;

/** Where one edge stands in a deployment. */
public enum EdgeDeploymentStatus {
    PENDING, DOWNLOADING, VERIFIED, ACTIVE, FAILED, ROLLED_BACK
}
