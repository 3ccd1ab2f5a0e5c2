package io.modelfleet.api.rollout;

import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * How a rollout advances: waves in order (the last one takes every edge left), each watched for {@code soakSeconds}
 * after its edges settled and then judged by the gates before the next starts. A wave whose edges have not settled
 * after {@code waveTimeoutSeconds} is judged as it stands. When a gate fails the rollout FAILS, and with
 * {@code autoRollback} every edge it reached goes back to the version it had. Left out: one wave of every edge, no
 * soak, a 600 s wave timeout, the strict health gate, no quality gate, automatic rollback.
 *
 * @param quality null: no quality gate
 */
public record RolloutPlan(List<WaveSize> waves, Integer soakSeconds, Integer waveTimeoutSeconds, HealthGate health,
        QualityGate quality, Boolean autoRollback) {

    public static final int MAX_WAVES = 20;
    public static final int MAX_SOAK_SECONDS = 7 * 24 * 3600;
    /** All edges at once, no soak, strict health, no rollback: what a direct assignment is. */
    public static final RolloutPlan ONE_WAVE = new RolloutPlan(List.of(WaveSize.ofPercent(100)), 0, 3600,
            HealthGate.STRICT, null, false);

    public RolloutPlan {
        soakSeconds = soakSeconds == null ? 0 : soakSeconds;
        waveTimeoutSeconds = waveTimeoutSeconds == null ? 600 : waveTimeoutSeconds;
        autoRollback = autoRollback == null ? Boolean.TRUE : autoRollback;
        waves = waves == null || waves.isEmpty() ? List.of(WaveSize.ofPercent(100)) : List.copyOf(waves);
        if (waves.size() > MAX_WAVES) {
            throw new InvalidInputException("a plan has at most " + MAX_WAVES + " waves, this one " + waves.size());
        }
        Validation.range("soakSeconds", soakSeconds, 0, MAX_SOAK_SECONDS);
        Validation.range("waveTimeoutSeconds", waveTimeoutSeconds, 10, MAX_SOAK_SECONDS);
        health = health == null ? HealthGate.STRICT : health;
        if (quality != null && soakSeconds < 10) {
            throw new InvalidInputException("a quality gate compares results over the soak time: soakSeconds must be "
                    + "at least 10, was " + soakSeconds);
        }
    }
}
