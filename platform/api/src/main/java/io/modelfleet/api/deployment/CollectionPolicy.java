package io.modelfleet.api.deployment;

import java.util.Locale;
import java.util.Map;

import io.modelfleet.api.InvalidInputException;

/**
 * Which inputs edges send back with their results, to become training data (an image model's frames, a tabular
 * model's rows): none, all, the low-confidence ones (score below {@code threshold}, or no score), or a random
 * {@code rate} share. Set per stream (for every edge running its models) or per edge (which wins); the server pushes
 * the edge's effective policy with its desired state, and an agent without one keeps its own configuration.
 *
 * @param threshold LOW_CONFIDENCE only, in [0, 1]; null takes the model's confidence threshold (the stream's)
 * @param rate RATE only, in (0, 1]
 */
public record CollectionPolicy(Mode mode, Double threshold, Double rate) {

    public enum Mode {
        OFF, ALL, LOW_CONFIDENCE, RATE
    }

    public static final CollectionPolicy OFF = new CollectionPolicy(Mode.OFF, null, null);

    public CollectionPolicy {
        if (mode == null) {
            throw new InvalidInputException("mode is required: OFF, ALL, LOW_CONFIDENCE or RATE",
                    Map.of("mode", "is required"));
        }
        if (mode == Mode.LOW_CONFIDENCE) {
            if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
                throw new InvalidInputException("threshold must be between 0 and 1",
                        Map.of("threshold", "must be between 0 and 1"));
            }
        } else if (threshold != null) {
            throw new InvalidInputException("threshold applies to mode LOW_CONFIDENCE only",
                    Map.of("threshold", "applies to LOW_CONFIDENCE only"));
        }
        if (mode == Mode.RATE) {
            if (rate == null || !(rate > 0 && rate <= 1)) {
                throw new InvalidInputException("mode RATE needs a rate greater than 0 and at most 1",
                        Map.of("rate", "must be greater than 0 and at most 1"));
            }
        } else if (rate != null) {
            throw new InvalidInputException("rate applies to mode RATE only", Map.of("rate", "applies to RATE only"));
        }
    }

    /**
     * The short form the shell and the database use: {@code off}, {@code all}, {@code low-confidence},
     * {@code low-confidence:0.6}, {@code rate:0.1}.
     */
    public static CollectionPolicy parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        int colon = value.indexOf(':');
        String mode = colon < 0 ? value : value.substring(0, colon);
        Double number = null;
        if (colon >= 0) {
            try {
                number = Double.valueOf(value.substring(colon + 1).strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("'" + text + "' has no number after the colon",
                        Map.of("policy", "mode:number"));
            }
        }
        return switch (mode) {
        case "off" -> new CollectionPolicy(Mode.OFF, number, null);
        case "all" -> new CollectionPolicy(Mode.ALL, number, null);
        case "low-confidence" -> new CollectionPolicy(Mode.LOW_CONFIDENCE, number, null);
        case "rate" -> new CollectionPolicy(Mode.RATE, null, number);
        default -> throw new InvalidInputException("'" + text + "' is no collection policy: off, all, low-confidence, "
                + "low-confidence:<threshold> or rate:<share>", Map.of("policy", "off, all, low-confidence[:t], rate:r"));
        };
    }

    /** {@link #parse}'s form. */
    public String text() {
        return switch (mode) {
        case OFF -> "off";
        case ALL -> "all";
        case LOW_CONFIDENCE -> threshold == null ? "low-confidence" : "low-confidence:" + threshold;
        case RATE -> "rate:" + rate;
        };
    }
}
