package io.modelfleet.api.rollout;

import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * Roll a model version, or an agent release, out to edges picked by id, by tag, by deployment target, or a union of
 * these; the edges are taken in id order, so the first wave (the canary) is the lowest ids. {@code start} false leaves
 * it PLANNED. Exactly one of {@code modelVersionId} and {@code agentReleaseId} is set.
 */
public record RolloutRequest(Long modelVersionId, Long agentReleaseId, List<Long> edgeIds, String tagKey,
        String tagValue, String target, RolloutPlan plan, Boolean start) {
    public static final int MAX_EDGE_IDS = 100_000;

    /** A model rollout. */
    public RolloutRequest(long modelVersionId, List<Long> edgeIds, String tagKey, String tagValue, String target,
            RolloutPlan plan, Boolean start) {
        this(modelVersionId, null, edgeIds, tagKey, tagValue, target, plan, start);
    }

    public RolloutRequest {
        if ((modelVersionId == null) == (agentReleaseId == null)) {
            throw new InvalidInputException("name what to roll out: a modelVersionId or an agentReleaseId (one of them)");
        }
        edgeIds = edgeIds == null ? List.of() : List.copyOf(edgeIds);
        if (edgeIds.size() > MAX_EDGE_IDS) {
            throw new InvalidInputException("edgeIds lists " + edgeIds.size() + " edges; the limit is " + MAX_EDGE_IDS);
        }
        if (tagKey != null) {
            Validation.name("tagKey", tagKey, 64);
        }
        Validation.optional("tagValue", tagValue, 256);
        if (tagValue != null && tagKey == null) {
            throw new InvalidInputException("tagValue needs a tagKey");
        }
        if (target != null) {
            Validation.name("target", target, 64);
        }
        if (edgeIds.isEmpty() && tagKey == null && target == null) {
            throw new InvalidInputException("name the edges: edgeIds, a tagKey (and tagValue), a target, or several");
        }
        plan = plan == null ? RolloutPlan.ONE_WAVE : plan;
        start = start == null ? Boolean.TRUE : start;
    }

    /** How the selection reads in lists and audit entries. */
    public String selection() {
        StringBuilder text = new StringBuilder();
        if (!edgeIds.isEmpty()) {
            text.append(edgeIds.size()).append(" edge(s) by id");
        }
        if (tagKey != null) {
            text.append(text.isEmpty() ? "" : " + ").append("tag ").append(tagKey).append(tagValue == null ? "" : "=" + tagValue);
        }
        if (target != null) {
            text.append(text.isEmpty() ? "" : " + ").append("target ").append(target);
        }
        return text.toString();
    }
}
