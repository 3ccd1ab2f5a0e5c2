package io.modelfleet.api.alert;

import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * A rule as submitted. Scope: {@code edgeId} (one edge), {@code tagKey}/{@code tagValue} (edges with that tag, for
 * EDGE_OFFLINE), {@code modelVersion} (results of that version, for the rates), or none (the whole fleet).
 * {@code threshold} is a percentage for the rates and unused for EDGE_OFFLINE; {@code scoreBelow} is on the 0.05 grid
 * the rollups keep (0.05 .. 0.95). Rates are taken over whole minutes, per edge over whole hours (the rollups kept per
 * edge). {@code renotifyMinutes} 0 sends no reminders. Omitted values take the defaults below. DRIFT names a
 * {@code modelVersion} (name:version) and optionally a tag (an edge group); its {@code threshold} is a PSI (default
 * 0.2), {@code minResults} the fewest samples compared (default 100), {@code windowMinutes} defaults to 60. The
 * event kinds (ROLLOUT_FAILED, TRAINING_FAILED, TRAINING_SUCCEEDED) watch the whole fleet: no scope, no threshold,
 * {@code windowMinutes} (default 60) is how long each occurrence stays an open alert, and they send no reminders.
 */
public record NewAlertRule(String name, AlertKind kind, Long edgeId, String tagKey, String tagValue,
        String modelVersion, Double threshold, Double scoreBelow, Integer windowMinutes, Long minResults,
        Integer renotifyMinutes, Boolean enabled, List<Long> channelIds) {
    public static final int MAX_WINDOW_MINUTES = 7 * 24 * 60;
    public static final int MAX_CHANNELS = 20;
    public static final double DEFAULT_SCORE_BELOW = 0.5;
    public static final int DEFAULT_WINDOW_MINUTES = 5;
    public static final long DEFAULT_MIN_RESULTS = 20;
    public static final int DEFAULT_RENOTIFY_MINUTES = 60;

    public NewAlertRule {
        Validation.required("name", name, 128);
        if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
            throw Validation.invalid("name", "must be printable text");
        }
        if (kind == null) {
            throw new InvalidInputException("kind is required: EDGE_OFFLINE, LOW_CONFIDENCE_RATE, FAILURE_RATE, DRIFT, "
                    + "ROLLOUT_FAILED, TRAINING_FAILED or TRAINING_SUCCEEDED");
        }
        if (tagKey != null) {
            Validation.name("tagKey", tagKey, 64);
            Validation.required("tagValue", tagValue, 256);
        } else if (tagValue != null) {
            throw new InvalidInputException("tagValue needs a tagKey");
        }
        Validation.optional("modelVersion", modelVersion, 64);
        if (edgeId != null && edgeId < 1) {
            throw Validation.invalid("edgeId", "must be a positive edge id");
        }
        if (kind == AlertKind.DRIFT) {
            if (modelVersion == null || modelVersion.lastIndexOf(':') <= 0 || modelVersion.endsWith(":")) {
                throw Validation.invalid("modelVersion", "DRIFT watches one model version: name:version");
            }
            if (edgeId != null) {
                throw new InvalidInputException("DRIFT compares a model version's samples, of every edge or of a tag's edges");
            }
        }
        int scopes = (edgeId != null ? 1 : 0) + (tagKey != null ? 1 : 0) + (modelVersion != null ? 1 : 0);
        if (scopes > 1 && kind != AlertKind.DRIFT) {
            throw new InvalidInputException("a rule watches one scope: an edgeId, a tag or a modelVersion (or none: the fleet)");
        }
        if (kind.event() && scopes > 0) {
            throw new InvalidInputException(kind + " watches the whole fleet: no edgeId, tag or modelVersion");
        }
        if (kind == AlertKind.EDGE_OFFLINE && modelVersion != null) {
            throw new InvalidInputException("EDGE_OFFLINE watches edges: scope it by edgeId or tag, not by modelVersion");
        }
        if (kind != AlertKind.EDGE_OFFLINE && kind != AlertKind.DRIFT && tagKey != null) {
            throw new InvalidInputException(kind + " watches the fleet, one model version or one edge, not a tag");
        }
        windowMinutes = windowMinutes == null ? kind == AlertKind.DRIFT || kind.event() ? 60 : DEFAULT_WINDOW_MINUTES
                : windowMinutes;
        Validation.range("windowMinutes", windowMinutes, 1, MAX_WINDOW_MINUTES);
        if (kind == AlertKind.EDGE_OFFLINE || kind.event()) {
            threshold = threshold == null ? 0.0 : threshold;
        } else if (kind == AlertKind.DRIFT) {
            threshold = threshold == null ? 0.2 : threshold;
            Validation.finite("threshold", threshold, 0.01, 10.0);
        } else if (threshold == null) {
            throw new InvalidInputException("threshold (a percentage) is required for " + kind);
        }
        Validation.finite("threshold", threshold, 0.0, 100.0);
        scoreBelow = scoreBelow == null ? DEFAULT_SCORE_BELOW : scoreBelow;
        Validation.finite("scoreBelow", scoreBelow, 0.05, 0.95);
        if (Math.abs(scoreBelow * 20 - Math.rint(scoreBelow * 20)) > 1e-9) {
            throw Validation.invalid("scoreBelow", "must be a multiple of 0.05 (the rollups' score bins), was " + scoreBelow);
        }
        minResults = minResults == null ? kind == AlertKind.DRIFT ? 100 : DEFAULT_MIN_RESULTS : minResults;
        if (kind == AlertKind.DRIFT && minResults < 10) {
            throw Validation.invalid("minResults", "DRIFT compares at least 10 samples, was " + minResults);
        }
        Validation.range("minResults", minResults, 1, 1_000_000_000L);
        renotifyMinutes = renotifyMinutes == null ? DEFAULT_RENOTIFY_MINUTES : renotifyMinutes;
        Validation.range("renotifyMinutes", renotifyMinutes, 0, MAX_WINDOW_MINUTES);
        enabled = enabled == null || enabled;
        if (channelIds != null && channelIds.stream().anyMatch(java.util.Objects::isNull)) {
            throw Validation.invalid("channelIds", "must list channel ids, not null");
        }
        channelIds = channelIds == null ? List.of() : List.copyOf(channelIds);
        if (channelIds.size() > MAX_CHANNELS) {
            throw Validation.invalid("channelIds", "lists " + channelIds.size() + " channels; the limit is " + MAX_CHANNELS);
        }
        if (channelIds.stream().distinct().count() != channelIds.size()) {
            throw Validation.invalid("channelIds", "lists a channel twice");
        }
    }
}
