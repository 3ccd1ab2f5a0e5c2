package io.modelfleet.agent.internal;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Which inputs travel to the server with their results, to become training data: none, all, the low-confidence ones
 * (score below {@code threshold}, or no score at all) or a random {@code rate} share. Inputs over {@code maxBytes} of
 * JSON stay on the device.
 */
record SamplePolicy(Mode mode, double threshold, double rate, int maxBytes) {
    enum Mode {
        OFF, ALL, LOW_CONFIDENCE, RATE
    }

    static final SamplePolicy OFF = new SamplePolicy(Mode.OFF, 0, 0, 0);

    SamplePolicy {
        if (threshold < 0 || threshold > 1 || rate < 0 || rate > 1 || maxBytes < 0) {
            throw new IllegalArgumentException("sampleThreshold and sampleRate must be in [0, 1], maxSampleBytes >= 0");
        }
    }

    static SamplePolicy of(String mode, double threshold, double rate, int maxBytes) {
        Mode parsed;
        try {
            parsed = Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sampleMode must be off, all, low-confidence or rate, not '" + mode + "'");
        }
        return new SamplePolicy(parsed, threshold, rate, maxBytes);
    }

    /** The model version's metadata key a stream's confidence threshold travels in. */
    static final String MODEL_THRESHOLD = "confidenceThreshold";

    /**
     * The policy for one model: a model trained by a stream carries the stream's confidence threshold, which then
     * decides what counts as low confidence; {@code threshold} stays the default for models without one.
     */
    SamplePolicy forModel(java.util.Map<String, String> metadata) {
        String value = metadata == null ? null : metadata.get(MODEL_THRESHOLD);
        if (value == null || mode != Mode.LOW_CONFIDENCE) {
            return this;
        }
        try {
            double modelThreshold = Double.parseDouble(value.strip());
            return modelThreshold >= 0 && modelThreshold <= 1 ? new SamplePolicy(mode, modelThreshold, rate, maxBytes) : this;
        } catch (NumberFormatException e) {
            return this;
        }
    }

    /** As the status shows it: off, all, low-confidence:0.6, rate:0.05. */
    String text() {
        return switch (mode) {
        case OFF -> "off";
        case ALL -> "all";
        case LOW_CONFIDENCE -> "low-confidence:" + threshold;
        case RATE -> "rate:" + rate;
        };
    }

    boolean wants(Double score, RandomGenerator random) {
        return switch (mode) {
        case OFF -> false;
        case ALL -> true;
        case LOW_CONFIDENCE -> score == null || score < threshold;
        case RATE -> random.nextDouble() < rate;
        };
    }
}
