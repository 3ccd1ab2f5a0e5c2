package io.modelfleet.shell.internal;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.CollectionPolicy;

/** What the {@code *-collection} commands share: their policy argument and policies described in words. */
final class CollectionPolicies {
    static final String FORMS = "off, all, low-confidence, low-confidence:<threshold> or rate:<share>";

    private CollectionPolicies() {
    }

    /**
     * The policy to set from the optional argument, in the API's short form; null when the command only shows (no
     * policy) or clears ({@code --clear}).
     */
    static CollectionPolicy toSet(String policy, boolean clear) {
        if (policy == null) {
            return null;
        }
        if (clear) {
            throw new InvalidInputException("give a policy or --clear, not both");
        }
        return CollectionPolicy.parse(policy);
    }

    /** The short form, or a dash where none is set. */
    static String text(CollectionPolicy policy) {
        return policy == null ? "-" : policy.text();
    }

    /**
     * Which inputs a policy sends back. {@code modelThreshold} describes a low-confidence policy without a threshold
     * of its own, which takes the model's.
     */
    static String collects(CollectionPolicy policy, String modelThreshold) {
        return switch (policy.mode()) {
            case OFF -> "nothing";
            case ALL -> "every input";
            case LOW_CONFIDENCE -> "inputs scored below "
                    + (policy.threshold() == null ? modelThreshold : number(policy.threshold()))
                    + " or without a score";
            case RATE -> "a random " + number(policy.rate() * 100) + "% of inputs";
        };
    }

    static String number(double value) {
        return Format.number(value);
    }
}
