package io.modelfleet.api.rollout;

import io.modelfleet.api.Validation;

/**
 * Passes when, over every edge the rollout reached so far, at least {@code minActivePercent} run the new version
 * (ACTIVE) and at most {@code maxFailed} deployments FAILED or were ROLLED_BACK by their agent. Left out: 100 and 0.
 */
public record HealthGate(Double minActivePercent, Integer maxFailed) {
    public static final HealthGate STRICT = new HealthGate(100.0, 0);

    public HealthGate {
        minActivePercent = minActivePercent == null ? 100.0 : minActivePercent;
        maxFailed = maxFailed == null ? 0 : maxFailed;
        Validation.finite("health.minActivePercent", minActivePercent, 0, 100);
        Validation.range("health.maxFailed", maxFailed, 0, 100_000);
    }
}
