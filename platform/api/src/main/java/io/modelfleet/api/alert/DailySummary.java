package io.modelfleet.api.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What happened in the fleet on one day in one time zone ([{@code from}, {@code to}), whole UTC hours: the rollups
 * are hourly), with the day before for comparison: edges, inferences with their low-confidence and failure rates for
 * the fleet, by model version and by tag (the 50 busiest of each), per hour for the chart, alerts, rollouts and
 * trainings. {@code alertLines} name the alerts opened on the day (at most 20).
 */
public record DailySummary(LocalDate day, String timeZone, Instant from, Instant to, Instant generatedAt,
        double lowConfidenceBelow, Edges edges, Rates fleet, List<Rates> byModel, List<Rates> byTag, List<Hour> hours,
        AlertCounts alerts, List<String> alertLines, Counts rollouts, Counts trainings) {
    public static final int MAX_GROUPS = 50;

    public DailySummary {
        byModel = List.copyOf(byModel);
        byTag = List.copyOf(byTag);
        hours = List.copyOf(hours);
        alertLines = List.copyOf(alertLines);
    }

    /** Approved edges now, how many are online and offline now, and how many were seen since the day began. */
    public record Edges(long approved, long online, long offline, long seenSinceDayStart) {
    }

    /**
     * One group's inferences (results plus failures) and rates on the day, and the day before's (null percentages
     * when it had no inferences).
     */
    public record Rates(String group, long inferences, Double lowConfidencePercent, Double failurePercent,
            long previousInferences, Double previousLowConfidencePercent, Double previousFailurePercent) {
    }

    /** One hour of the day: results, how many scored low, failures. */
    public record Hour(Instant start, long results, long lowConfidence, long failures) {
    }

    /** Alerts opened and resolved on the day, and those still open at its end. */
    public record AlertCounts(long opened, long resolved, long openAtEnd) {
    }

    /** Rollouts or training runs started on the day, and those that ended on it SUCCEEDED or failing. */
    public record Counts(long started, long succeeded, long failed) {
    }
}
