package io.modelfleet.shell.internal;

import java.util.List;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Option;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.rollout.HealthGate;
import io.modelfleet.api.rollout.QualityGate;
import io.modelfleet.api.rollout.RolloutPlan;

/**
 * The rollout plan options that {@code rollout-create} and {@code rollout-plan} share (Karaf reads options from
 * superclasses too). Options left out stay null, so the API's defaults apply as they do for every other client.
 */
abstract class RolloutPlanAction extends FleetAction {

    @Option(name = "--wave", multiValued = true, description = "a wave's size, N edges or P% of them; repeat in order, "
            + "e.g. --wave 1 --wave 50% --wave 100% (default: one wave of 100%)")
    List<String> waves;

    @Option(name = "--soak", description = "seconds to watch a wave after its edges settled before judging it "
            + "(default 0; at least 10 with a quality gate)")
    String soak;

    @Option(name = "--wave-timeout", description = "seconds after which a wave whose edges have not settled is judged "
            + "as it stands (default 600)")
    String waveTimeout;

    @Option(name = "--min-active", description = "health gate: percent of reached edges that must run the new version "
            + "(default 100)")
    String minActive;

    @Option(name = "--max-failed", description = "health gate: deployments that may fail or roll back (default 0)")
    String maxFailed;

    @Option(name = "--max-score-drop", description = "quality gate: how far the mean score may drop, e.g. 0.05")
    String maxScoreDrop;

    @Option(name = "--max-low-confidence-increase", description = "quality gate: how far the share of low-confidence "
            + "results may grow, e.g. 0.1")
    String maxLowConfidenceIncrease;

    @Option(name = "--max-failure-rate-increase", description = "quality gate: how far the share of failed inferences "
            + "may grow, e.g. 0.02")
    String maxFailureRateIncrease;

    @Option(name = "--low-confidence", description = "quality gate: scores below this are low-confidence (default 0.5)")
    String lowConfidence;

    @Option(name = "--min-results", description = "quality gate: results needed on each side to judge (default 20)")
    String minResults;

    @Option(name = "--no-auto-rollback", description = "when a gate fails, stop but leave the edges on the new version")
    boolean noAutoRollback;

    boolean planOptionsGiven() {
        return noAutoRollback || (waves != null && !waves.isEmpty()) || Stream.of(soak, waveTimeout, minActive,
                maxFailed, maxScoreDrop, maxLowConfidenceIncrease, maxFailureRateIncrease, lowConfidence, minResults)
                .anyMatch(value -> value != null);
    }

    RolloutPlan plan() {
        HealthGate health = new HealthGate(Parse.decimal("--min-active", minActive),
                Parse.integer("--max-failed", maxFailed));
        return new RolloutPlan(Parse.waves(waves), Parse.integer("--soak", soak),
                Parse.integer("--wave-timeout", waveTimeout), health, quality(), noAutoRollback ? Boolean.FALSE : null);
    }

    private QualityGate quality() {
        Double scoreDrop = Parse.decimal("--max-score-drop", maxScoreDrop);
        Double lowConfidenceIncrease = Parse.decimal("--max-low-confidence-increase", maxLowConfidenceIncrease);
        Double failureRateIncrease = Parse.decimal("--max-failure-rate-increase", maxFailureRateIncrease);
        Double threshold = Parse.decimal("--low-confidence", lowConfidence);
        Integer results = Parse.integer("--min-results", minResults);
        if (scoreDrop == null && lowConfidenceIncrease == null && failureRateIncrease == null) {
            // silently dropping them would leave the operator believing a quality gate guards the rollout
            if (threshold != null || results != null) {
                throw new InvalidInputException("--low-confidence and --min-results tune the quality gate: add "
                        + "--max-score-drop, --max-low-confidence-increase or --max-failure-rate-increase");
            }
            return null;
        }
        return new QualityGate(scoreDrop, lowConfidenceIncrease, failureRateIncrease, threshold, results);
    }
}
