package io.modelfleet.api.model;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * Which live data to compare: the samples of the last {@code windowMinutes}, of the edges tagged
 * {@code tagKey}={@code tagValue} when given. A measure drifts when its PSI is at least {@code psiThreshold} and its
 * test's p-value below {@code alpha} divided by the number of measures (Bonferroni: many features must not make
 * false alarms likely).
 */
public record DriftQuery(Integer windowMinutes, String tagKey, String tagValue, Double psiThreshold, Double alpha,
        Integer minLive) {
    public static final int MAX_WINDOW_MINUTES = 7 * 24 * 60;

    public DriftQuery {
        windowMinutes = windowMinutes == null ? 60 : windowMinutes;
        Validation.range("windowMinutes", windowMinutes, 1, MAX_WINDOW_MINUTES);
        if (tagKey != null) {
            Validation.name("tagKey", tagKey, 64);
            Validation.required("tagValue", tagValue, 256);
        } else if (tagValue != null) {
            throw new InvalidInputException("tagValue needs a tagKey");
        }
        psiThreshold = psiThreshold == null ? 0.2 : psiThreshold;
        Validation.finite("psiThreshold", psiThreshold, 0.01, 10.0);
        alpha = alpha == null ? 0.01 : alpha;
        Validation.finite("alpha", alpha, 1e-9, 0.5);
        minLive = minLive == null ? 100 : minLive;
        Validation.range("minLive", minLive, 10, 1_000_000);
    }
}
