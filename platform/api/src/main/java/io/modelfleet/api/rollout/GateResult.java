package io.modelfleet.api.rollout;

import java.time.Instant;

/**
 * One gate measurement: {@code value} against {@code threshold} ({@code passed} says which way is good). While a wave
 * soaks the engine records them every few seconds, so they chart over time; {@code decisive} marks the one the wave
 * was judged by.
 */
public record GateResult(int wave, Instant at, String gate, String metric, Double value, double threshold,
        boolean passed, boolean decisive, String detail) {
}
