package io.modelfleet.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.alert.DailySummary;
import io.modelfleet.api.alert.DailySummary.Rates;

/**
 * A daily summary in words for the channels: a title, plain text (Slack), a Teams card and an HTML page for email
 * whose hourly chart is drawn with table cells, which mail clients show without loading images.
 */
final class SummaryText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHART_HEIGHT_PX = 80;
    private static final int TABLE_ROWS = 10;

    private final DailySummary summary;
    private final String consoleUrl;

    SummaryText(DailySummary summary, String consoleUrl) {
        this.summary = summary;
        this.consoleUrl = consoleUrl == null ? "" : consoleUrl.strip();
    }

    String title() {
        return "Daily summary " + summary.day() + " (" + summary.timeZone() + ")";
    }

    /** "12,345 inferences (+8.1% on the day before)", the headline facts in order. */
    Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        DailySummary.Edges edges = summary.edges();
        facts.put("Edges", edges.approved() + " approved, " + edges.online() + " online, " + edges.offline()
                + " offline now; " + edges.seenSinceDayStart() + " seen since the day began");
        Rates fleet = summary.fleet();
        facts.put("Inferences", String.format(Locale.ROOT, "%,d", fleet.inferences())
                + change(fleet.inferences(), fleet.previousInferences()));
        facts.put("Low confidence", percent(fleet.lowConfidencePercent())
                + points(fleet.lowConfidencePercent(), fleet.previousLowConfidencePercent())
                + " (scores below " + summary.lowConfidenceBelow() + ")");
        facts.put("Failures", percent(fleet.failurePercent())
                + points(fleet.failurePercent(), fleet.previousFailurePercent()));
        facts.put("Alerts", summary.alerts().opened() + " opened, " + summary.alerts().resolved() + " resolved, "
                + summary.alerts().openAtEnd() + " open at the day's end");
        facts.put("Rollouts", summary.rollouts().started() + " started, " + summary.rollouts().succeeded()
                + " succeeded, " + summary.rollouts().failed() + " failed");
        facts.put("Trainings", summary.trainings().started() + " started, " + summary.trainings().succeeded()
                + " succeeded, " + summary.trainings().failed() + " failed");
        return facts;
    }

    String plain() {
        StringBuilder text = new StringBuilder(title()).append('\n');
        facts().forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
        if (!summary.byModel().isEmpty()) {
            text.append("By model:\n");
            summary.byModel().stream().limit(TABLE_ROWS).forEach(r -> text.append("  ").append(line(r)).append('\n'));
        }
        if (!summary.byTag().isEmpty()) {
            text.append("By tag:\n");
            summary.byTag().stream().limit(TABLE_ROWS).forEach(r -> text.append("  ").append(line(r)).append('\n'));
        }
        summary.alertLines().forEach(line -> text.append("Alert: ").append(line).append('\n'));
        if (!consoleUrl.isEmpty()) {
            text.append(consoleUrl).append("/#/summaries?day=").append(summary.day()).append('\n');
        }
        return text.toString();
    }

    String teamsCard() {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("@type", "MessageCard");
        card.put("@context", "https://schema.org/extensions");
        card.put("summary", title());
        card.put("themeColor", "2F6FDE");
        card.put("title", title());
        List<Map<String, String>> facts = new ArrayList<>();
        facts().forEach((name, value) -> facts.add(Map.of("name", name, "value", value)));
        List<Map<String, Object>> sections = new ArrayList<>();
        sections.add(Map.of("facts", facts));
        List<Map<String, String>> models = new ArrayList<>();
        summary.byModel().stream().limit(TABLE_ROWS).forEach(r -> models.add(Map.of("name", r.group(), "value", rates(r))));
        if (!models.isEmpty()) {
            sections.add(Map.of("title", "By model", "facts", models));
        }
        card.put("sections", sections);
        try {
            return JSON.writeValueAsString(card);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings always serialize", e);
        }
    }

    String html() {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif;color:#222\">");
        html.append("<h2>").append(escape(title())).append("</h2><table cellpadding=\"4\">");
        facts().forEach((name, value) -> html.append("<tr><th align=\"left\">").append(escape(name)).append("</th><td>")
                .append(escape(value)).append("</td></tr>"));
        html.append("</table>").append(chart());
        table(html, "By model", summary.byModel());
        table(html, "By tag", summary.byTag());
        if (!summary.alertLines().isEmpty()) {
            html.append("<h3>Alerts opened</h3><ul>");
            summary.alertLines().forEach(line -> html.append("<li>").append(escape(line)).append("</li>"));
            html.append("</ul>");
        }
        if (!consoleUrl.isEmpty()) {
            String link = consoleUrl + "/#/summaries?day=" + summary.day();
            html.append("<p><a href=\"").append(escape(link)).append("\">Open in the console</a></p>");
        }
        return html.append("</body></html>").toString();
    }

    /** Results per hour as bars of table cells (low-confidence share darker), scaled to the busiest hour. */
    private String chart() {
        long max = summary.hours().stream().mapToLong(DailySummary.Hour::results).max().orElse(0);
        if (max == 0) {
            return "<p>No inference results on this day.</p>";
        }
        StringBuilder bars = new StringBuilder("<h3>Results per hour (UTC; darker: low confidence)</h3>"
                + "<table cellspacing=\"1\" cellpadding=\"0\"><tr valign=\"bottom\">");
        for (DailySummary.Hour hour : summary.hours()) {
            int height = (int) Math.round((double) CHART_HEIGHT_PX * hour.results() / max);
            int low = hour.results() == 0 ? 0 : (int) Math.round((double) height * hour.lowConfidence() / hour.results());
            bars.append("<td title=\"").append(hour.start()).append(": ").append(hour.results()).append(" results, ")
                    .append(hour.lowConfidence()).append(" low\"><div style=\"width:12px;height:").append(height - low)
                    .append("px;background:#8fb3f0\"></div><div style=\"width:12px;height:").append(low)
                    .append("px;background:#2f4f8f\"></div></td>");
        }
        return bars.append("</tr></table>").toString();
    }

    private static void table(StringBuilder html, String heading, List<Rates> rows) {
        if (rows.isEmpty()) {
            return;
        }
        html.append("<h3>").append(escape(heading)).append("</h3><table cellpadding=\"4\" border=\"1\" ")
                .append("style=\"border-collapse:collapse\"><tr><th></th><th>inferences</th><th>low confidence</th>")
                .append("<th>failures</th></tr>");
        rows.stream().limit(TABLE_ROWS).forEach(r -> html.append("<tr><td>").append(escape(r.group())).append("</td><td>")
                .append(r.inferences()).append(escape(change(r.inferences(), r.previousInferences()))).append("</td><td>")
                .append(percent(r.lowConfidencePercent()))
                .append(escape(points(r.lowConfidencePercent(), r.previousLowConfidencePercent()))).append("</td><td>")
                .append(percent(r.failurePercent())).append(escape(points(r.failurePercent(), r.previousFailurePercent())))
                .append("</td></tr>"));
        html.append("</table>");
    }

    private static String line(Rates r) {
        return r.group() + ": " + rates(r);
    }

    private static String rates(Rates r) {
        return r.inferences() + " inferences" + change(r.inferences(), r.previousInferences()) + ", "
                + percent(r.lowConfidencePercent()) + " low" + points(r.lowConfidencePercent(),
                        r.previousLowConfidencePercent()) + ", " + percent(r.failurePercent()) + " failed"
                + points(r.failurePercent(), r.previousFailurePercent());
    }

    static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f%%", value);
    }

    /** The change in percentage points from the day before, " (+1.2 pts)", or nothing to compare. */
    static String points(Double now, Double before) {
        return now == null || before == null ? "" : String.format(Locale.ROOT, " (%+.1f pts)", now - before);
    }

    /** The relative change of a count from the day before, " (+8.1%)", or " (new)" when it had none. */
    static String change(long now, long before) {
        if (before == 0) {
            return now == 0 ? "" : " (none the day before)";
        }
        return String.format(Locale.ROOT, " (%+.1f%%)", 100.0 * (now - before) / before);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
