package io.modelfleet.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.modelfleet.api.rollout.QualityGate;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.WaveSize;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

/** Rollouts and their plans in words, shared by the rollout commands. */
final class RolloutText {
    /** Where an edge stands, in the order it gets there; WAITING is a wave's status before it started. */
    private static final List<String> STATUS_ORDER = Stream.concat(Stream.of("WAITING"),
            Arrays.stream(EdgeDeploymentStatus.values()).map(Enum::name)).toList();

    private RolloutText() {
    }

    /** The plan as labelled lines, each starting with {@code indent}. */
    static String plan(RolloutPlan plan, String indent) {
        StringBuilder out = new StringBuilder();
        line(out, indent, "waves", waves(plan.waves()));
        line(out, indent, "soak", plan.soakSeconds() + " s after a wave's edges settled; judged after "
                + plan.waveTimeoutSeconds() + " s at the latest");
        line(out, indent, "health", "at least " + Format.number(plan.health().minActivePercent())
                + "% ACTIVE, at most " + plan.health().maxFailed() + " failed or rolled back");
        line(out, indent, "quality", quality(plan.quality()));
        line(out, indent, "on failure", plan.autoRollback() ? "roll every reached edge back"
                : "stop; edges keep the new version");
        return out.toString();
    }

    static void line(StringBuilder out, String indent, String label, Object value) {
        out.append(indent).append(String.format("%-11s", label)).append(Format.text(value)).append('\n');
    }

    static String waves(List<WaveSize> waves) {
        return waves.stream().map(wave -> wave.edges() != null
                ? wave.edges() + (wave.edges() == 1 ? " edge" : " edges")
                : Format.number(wave.percent()) + "%").collect(Collectors.joining(", "));
    }

    static String quality(QualityGate quality) {
        if (quality == null) {
            return "none";
        }
        List<String> limits = new ArrayList<>();
        if (quality.maxScoreDrop() != null) {
            limits.add("mean score drops at most " + Format.number(quality.maxScoreDrop()));
        }
        if (quality.maxLowConfidenceIncrease() != null) {
            limits.add("share below " + Format.number(quality.lowConfidenceThreshold()) + " grows at most "
                    + Format.number(quality.maxLowConfidenceIncrease()));
        }
        if (quality.maxFailureRateIncrease() != null) {
            limits.add("failure rate grows at most " + Format.number(quality.maxFailureRateIncrease()));
        }
        return String.join(", ", limits) + "; at least " + quality.minResults() + " results each side";
    }

    /** "wave 2/3": waves the rollout has, or, before they are laid out, those its plan asks for. */
    static String wave(Rollout rollout) {
        int total = rollout.waves().isEmpty() ? rollout.plan().waves().size() : rollout.waves().size();
        return rollout.currentWave() + "/" + total;
    }

    /** "PENDING 1, ACTIVE 3": in the order edges get there, statuses this shell does not know last. */
    static String counts(Map<String, Integer> counts) {
        return counts.entrySet().stream().filter(count -> count.getValue() > 0)
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> count) -> order(count.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .map(count -> count.getKey() + " " + count.getValue()).collect(Collectors.joining(", "));
    }

    private static int order(String status) {
        int known = STATUS_ORDER.indexOf(status);
        return known < 0 ? STATUS_ORDER.size() : known;
    }
}
