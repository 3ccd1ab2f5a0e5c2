package io.modelfleet.api.stream;

import java.util.List;
import java.util.Map;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * A stream's closed loop: when one of {@code triggerRuleIds} (DRIFT, LOW_CONFIDENCE_RATE or FAILURE_RATE rules) fires,
 * the samples its edges sent in the rule's window (of the rule's model version, else the stream's latest, scoring at
 * most {@code maxScore} when set, at most {@code maxItems}) are imported from the data source {@code source} into the
 * stream's dataset; with {@code waitForLabels} the loop then waits until someone continues it (after relabeling),
 * otherwise the items keep the labels the model predicted. The dataset is published, the stream retrains on that
 * version, and the new model version must pass the gate: {@code gateMetric} at least {@code gateMinValue} and at most
 * {@code gateMaxDrop} below the version it replaces (each optional). A version that passes is approved when
 * {@code autoApprove}, otherwise the loop waits for a person to approve it; then it is rolled out with the stream's
 * rollout plan, whose health and quality gates still apply. A stream retrains at most once per
 * {@code cooldownMinutes}, and one loop at a time. Saving needs at least one trigger; a stored policy whose rules were
 * all deleted has none and starts nothing. Left out: source {@code edges}, 5,000 items, no score limit, no
 * waiting, no metric gate, no automatic approval, 60 minutes.
 */
public record RetrainingPolicy(Boolean enabled, List<Long> triggerRuleIds, String source, Double maxScore,
        Integer maxItems, Boolean waitForLabels, String gateMetric, Double gateMinValue, Double gateMaxDrop,
        Boolean autoApprove, Integer cooldownMinutes) {
    public static final int MAX_TRIGGERS = 20;
    public static final int MAX_ITEMS = 100_000;
    public static final int DEFAULT_ITEMS = 5_000;
    public static final int MAX_COOLDOWN_MINUTES = 30 * 24 * 60;

    public RetrainingPolicy {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        if (triggerRuleIds != null && triggerRuleIds.stream().anyMatch(java.util.Objects::isNull)) {
            throw Validation.invalid("triggerRuleIds", "must list alert rule ids, not null");
        }
        triggerRuleIds = triggerRuleIds == null ? List.of() : List.copyOf(triggerRuleIds.stream().distinct().toList());
        if (triggerRuleIds.size() > MAX_TRIGGERS) {
            throw Validation.invalid("triggerRuleIds", "at most " + MAX_TRIGGERS + " rules, not " + triggerRuleIds.size());
        }
        for (Long ruleId : triggerRuleIds) {
            if (ruleId == null || ruleId < 1) {
                throw Validation.invalid("triggerRuleIds", "must list alert rule ids, not " + ruleId);
            }
        }
        source = source == null || source.isBlank() ? "edges" : Validation.name("source", source, 64);
        if (maxScore != null) {
            Validation.finite("maxScore", maxScore, 0, 1);
        }
        maxItems = maxItems == null ? DEFAULT_ITEMS : maxItems;
        Validation.range("maxItems", maxItems, 1, MAX_ITEMS);
        waitForLabels = waitForLabels != null && waitForLabels;
        gateMetric = gateMetric == null || gateMetric.isBlank() ? null : Validation.name("gateMetric", gateMetric, 64);
        if ((gateMinValue != null || gateMaxDrop != null) && gateMetric == null) {
            throw new InvalidInputException("gateMinValue and gateMaxDrop need a gateMetric (such as accuracy)",
                    Map.of("gateMetric", "required with gateMinValue or gateMaxDrop"));
        }
        if (gateMetric != null && gateMinValue == null && gateMaxDrop == null) {
            throw new InvalidInputException("a gateMetric needs gateMinValue, gateMaxDrop or both",
                    Map.of("gateMinValue", "required with gateMetric (or gateMaxDrop)"));
        }
        if (gateMinValue != null) {
            Validation.finite("gateMinValue", gateMinValue, -1e9, 1e9);
        }
        if (gateMaxDrop != null) {
            Validation.finite("gateMaxDrop", gateMaxDrop, 0, 1e9);
        }
        autoApprove = autoApprove != null && autoApprove;
        cooldownMinutes = cooldownMinutes == null ? 60 : cooldownMinutes;
        Validation.range("cooldownMinutes", cooldownMinutes, 0, MAX_COOLDOWN_MINUTES);
    }
}
