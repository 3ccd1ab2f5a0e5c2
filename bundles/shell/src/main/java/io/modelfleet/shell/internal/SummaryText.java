package io.modelfleet.shell.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.alert.DailySummary;
import io.modelfleet.api.alert.NotificationChannel;
import io.modelfleet.api.alert.SentSummary;
import io.modelfleet.api.alert.SummarySettings;

/** Daily summaries and their settings in words, shared by the summary commands. */
final class SummaryText {
    /** Eighths of a block, lowest first: one character per hour. */
    private static final String BARS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
    /** An hour without results: a space would vanish at the end of the line. */
    private static final char NONE = '\u00b7';
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final int ERROR_WIDTH = 40;

    private SummaryText() {
    }

    static void line(StringBuilder out, String label, Object value) {
        out.append("  ").append(String.format("%-15s", label)).append(Format.text(value)).append('\n');
    }

    /** The day before today in {@code zone}: the last whole day, the one a summary is made of by default. */
    static LocalDate yesterday(Clock clock, String zone) {
        return LocalDate.now(clock.withZone(ZoneId.of(zone))).minusDays(1);
    }

    /** A heading saying whether summaries go out and when, then each setting under its option's name. */
    static String settings(SummarySettings settings, List<NotificationChannel> channels) {
        StringBuilder out = new StringBuilder("Daily summary is ");
        if (!settings.enabled()) {
            out.append("disabled; fleet:summary-settings-set --enabled (with the settings below) turns it on\n");
        } else {
            out.append("enabled: each day at ").append(settings.timeOfDay()).append(' ').append(settings.timeZone())
                    .append(" the day before's summary is made and kept")
                    .append(settings.channelIds().isEmpty() ? ", but there is no channel to send it to\n"
                            : " and sent to the channels\n");
        }
        setting(out, "time", settings.timeOfDay());
        setting(out, "zone", settings.timeZone());
        setting(out, "channel", AlertText.channels(settings.channelIds(), channels));
        setting(out, "low-confidence-below", Format.number(settings.lowConfidenceBelow())
                + " (results scoring below it count as low-confidence)");
        return out.toString();
    }

    /** A setting under the name of the fleet:summary-settings-set option that sets it. */
    private static void setting(StringBuilder out, String option, Object value) {
        out.append("  ").append(String.format("%-22s", option)).append(Format.text(value)).append('\n');
    }

    /**
     * The summary: headline figures with the change from the day before, results per hour as a bar line, alerts,
     * rollouts and trainings, then the figures by model and by tag and the alerts opened; {@code hours} adds a row per
     * hour.
     */
    static String summary(DailySummary summary, boolean hours) {
        ZoneId zone = ZoneId.of(summary.timeZone());
        StringBuilder out = new StringBuilder();
        out.append("Daily summary of ").append(summary.day()).append(" in ").append(summary.timeZone()).append('\n');
        line(out, "period", Format.instant(summary.from()) + " to " + Format.instant(summary.to()));
        line(out, "made", Format.instant(summary.generatedAt()));
        DailySummary.Edges edges = summary.edges();
        line(out, "edges", edges.approved() + " approved: " + edges.online() + " online, " + edges.offline()
                + " offline now; " + edges.seenSinceDayStart() + " seen since the day began");
        DailySummary.Rates fleet = summary.fleet();
        line(out, "inferences", fleet.inferences() + " (" + inferenceChange(fleet) + ")");
        line(out, "low confidence", rate(fleet.lowConfidencePercent(), fleet.previousLowConfidencePercent(),
                "of results scored below " + Format.number(summary.lowConfidenceBelow()), "results"));
        line(out, "failures", rate(fleet.failurePercent(), fleet.previousFailurePercent(), "of inferences failed",
                "inferences"));
        line(out, "results/hour", bars(summary.hours(), zone));
        DailySummary.AlertCounts alerts = summary.alerts();
        line(out, "alerts", alerts.opened() + " opened, " + alerts.resolved() + " resolved, " + alerts.openAtEnd()
                + " open at the end of the day");
        line(out, "rollouts", counts(summary.rollouts()));
        line(out, "trainings", counts(summary.trainings()));

        out.append("\nBy model").append(busiest(summary.byModel())).append('\n')
                .append(Format.table(rates("MODEL", summary.byModel())));
        out.append("\nBy tag").append(busiest(summary.byTag())).append('\n')
                .append(Format.table(rates("TAG", summary.byTag())));
        if (!summary.alertLines().isEmpty()) {
            out.append("\nAlerts opened");
            if (alerts.opened() > summary.alertLines().size()) {
                out.append(" (the first ").append(summary.alertLines().size()).append(" of ").append(alerts.opened())
                        .append(')');
            }
            out.append('\n');
            summary.alertLines().forEach(alert -> out.append("  - ").append(alert).append('\n'));
        }
        if (hours) {
            out.append("\nPer hour (").append(summary.timeZone()).append(")\n")
                    .append(Format.table(hourTable(summary.hours(), zone)));
        }
        return out.toString();
    }

    /** One row per delivery, the summary's own columns on its first; a summary with no channel gets one row. */
    static ShellTable sentTable(List<SentSummary> sent) {
        ShellTable table = new ShellTable().emptyTableText("no summaries sent yet");
        table.column("ID").alignRight();
        table.column("DAY");
        table.column("ZONE");
        table.column("MADE");
        table.column("BY");
        table.column("CHANNEL");
        table.column("STATUS");
        table.column("ATTEMPTS").alignRight();
        table.column("LAST CODE").alignRight();
        table.column("LAST ERROR").maxSize(ERROR_WIDTH);
        table.column("DELIVERED");
        for (SentSummary summary : sent) {
            List<Object> first = List.of(summary.id(), summary.day(), summary.timeZone(),
                    Format.instant(summary.generatedAt()), Format.text(summary.generatedBy()));
            if (summary.deliveries().isEmpty()) {
                table.addRow().addContent(concat(first, List.of("none", "-", "-", "-", "-", "-")));
            }
            for (int i = 0; i < summary.deliveries().size(); i++) {
                table.addRow().addContent(concat(i == 0 ? first : List.of("", "", "", "", ""),
                        delivery(summary.deliveries().get(i))));
            }
        }
        return table;
    }

    /** The deliveries of one summary, for the summary just sent. */
    static ShellTable deliveryTable(List<SentSummary.Delivery> deliveries) {
        ShellTable table = new ShellTable().emptyTableText("no channels");
        table.column("CHANNEL");
        table.column("STATUS");
        table.column("ATTEMPTS").alignRight();
        table.column("LAST CODE").alignRight();
        table.column("LAST ERROR").maxSize(ERROR_WIDTH);
        table.column("DELIVERED");
        deliveries.forEach(delivery -> table.addRow().addContent(delivery(delivery)));
        return table;
    }

    private static List<Object> delivery(SentSummary.Delivery delivery) {
        return List.of(Format.text(delivery.channelName()) + " (" + delivery.channelId() + ")", delivery.status(),
                delivery.attempts(), Format.text(delivery.lastStatusCode()), Format.text(delivery.lastError()),
                Format.instant(delivery.deliveredAt()));
    }

    private static List<Object> concat(List<Object> first, List<Object> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    /** "+20% from 4000 the day before", or why there is nothing to compare with. */
    private static String inferenceChange(DailySummary.Rates rates) {
        if (rates.previousInferences() == 0) {
            return rates.inferences() == 0 ? "none the day before either" : "none the day before";
        }
        return percentChange(rates.inferences(), rates.previousInferences()) + " from " + rates.previousInferences()
                + " the day before";
    }

    /** "3.5% of results scored below 0.5 (+1.5 points from 2% the day before)". */
    private static String rate(Double percent, Double previous, String what, String counted) {
        if (percent == null) {
            return "no " + counted + (previous == null ? "" : " (" + percent(previous) + " the day before)");
        }
        return percent(percent) + " " + what + " (" + (previous == null ? "no " + counted + " the day before"
                : points(percent, previous) + " points from " + percent(previous) + " the day before") + ")";
    }

    private static String counts(DailySummary.Counts counts) {
        return counts.started() + " started, " + counts.succeeded() + " succeeded, " + counts.failed() + " failed";
    }

    /** " (the 50 busiest)" when the list may have been cut there. */
    private static String busiest(List<DailySummary.Rates> groups) {
        return groups.size() >= DailySummary.MAX_GROUPS ? " (the " + DailySummary.MAX_GROUPS + " busiest)" : "";
    }

    private static ShellTable rates(String group, List<DailySummary.Rates> groups) {
        ShellTable table = new ShellTable().emptyTableText("no inferences");
        table.column(group);
        table.column("INFERENCES").alignRight();
        table.column("CHANGE").alignRight();
        table.column("LOW CONF.").alignRight();
        table.column("CHANGE").alignRight();
        table.column("FAILED").alignRight();
        table.column("CHANGE").alignRight();
        for (DailySummary.Rates rates : groups) {
            table.addRow().addContent(Format.text(rates.group()), rates.inferences(),
                    rates.previousInferences() == 0 ? "new" : percentChange(rates.inferences(),
                            rates.previousInferences()),
                    percent(rates.lowConfidencePercent()),
                    pointsCell(rates.lowConfidencePercent(), rates.previousLowConfidencePercent()),
                    percent(rates.failurePercent()),
                    pointsCell(rates.failurePercent(), rates.previousFailurePercent()));
        }
        return table;
    }

    private static String pointsCell(Double percent, Double previous) {
        return percent == null || previous == null ? "-" : points(percent, previous) + " pt";
    }

    static String percent(Double percent) {
        return percent == null ? "-" : Format.measured(percent) + "%";
    }

    /** The change of a rate in percentage points, signed: "+1.5", "-0.05", "±0". */
    static String points(double percent, double previous) {
        return signed(percent - previous);
    }

    /** The relative change of a count, signed: "+20%", "-100%". */
    static String percentChange(long count, long previous) {
        return signed((count - previous) * 100.0 / previous) + "%";
    }

    private static String signed(double value) {
        // six decimals first: the difference of two rates carries binary noise (0.25 - 0.3 = -0.04999...)
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).round(new MathContext(4))
                .stripTrailingZeros();
        if (rounded.signum() == 0) {
            return "\u00b10";
        }
        return (rounded.signum() > 0 ? "+" : "") + rounded.toPlainString();
    }

    /** Results per hour as one block character each, scaled to the busiest hour, with the hours and the peak. */
    static String bars(List<DailySummary.Hour> hours, ZoneId zone) {
        long max = hours.stream().mapToLong(DailySummary.Hour::results).max().orElse(0);
        if (max == 0) {
            return "no results";
        }
        StringBuilder line = new StringBuilder();
        DailySummary.Hour peak = hours.get(0);
        for (DailySummary.Hour hour : hours) {
            if (hour.results() == 0) {
                line.append(NONE);
            } else {
                // the busiest hour is a full block, any hour with results at least the lowest one
                int level = (int) Math.ceil(hour.results() * (double) BARS.length() / max) - 1;
                line.append(BARS.charAt(Math.max(0, Math.min(BARS.length() - 1, level))));
            }
            if (hour.results() > peak.results()) {
                peak = hour;
            }
        }
        boolean offsets = offsetsChange(hours, zone);
        return line + "  " + hour(hours.get(0), zone, offsets) + " to " + hour(hours.get(hours.size() - 1), zone,
                offsets) + ", peak " + peak.results() + " at " + hour(peak, zone, offsets);
    }

    private static ShellTable hourTable(List<DailySummary.Hour> hours, ZoneId zone) {
        boolean offsets = offsetsChange(hours, zone);
        ShellTable table = new ShellTable().emptyTableText("no hours");
        table.column("HOUR");
        table.column("RESULTS").alignRight();
        table.column("LOW CONF.").alignRight();
        table.column("FAILED").alignRight();
        for (DailySummary.Hour hour : hours) {
            table.addRow().addContent(hour(hour, zone, offsets), hour.results(), hour.lowConfidence(),
                    hour.failures());
        }
        return table;
    }

    /** "14:00" in the summary's zone; "02:00+01:00" on a day whose offset changes, when an hour repeats. */
    private static String hour(DailySummary.Hour hour, ZoneId zone, boolean offsets) {
        ZonedDateTime local = hour.start().atZone(zone);
        return HOUR.format(local) + (offsets ? local.getOffset().getId() : "");
    }

    private static boolean offsetsChange(List<DailySummary.Hour> hours, ZoneId zone) {
        Set<ZoneOffset> offsets = hours.stream().map(hour -> zone.getRules().getOffset(hour.start()))
                .collect(Collectors.toSet());
        return offsets.size() > 1;
    }
}
