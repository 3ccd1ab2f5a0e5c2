package io.modelfleet.api.deployment;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

/** What an agent reports about a deployment it works on. */
public record StatusReport(EdgeDeploymentStatus status, String detail) {
    public static final int MAX_DETAIL = 2048;

    public StatusReport {
        if (status == null) {
            throw new InvalidInputException("status is required (one of PENDING, DOWNLOADING, VERIFIED, ACTIVE, FAILED, ROLLED_BACK)");
        }
        Validation.optional("detail", detail, MAX_DETAIL);
    }
}
