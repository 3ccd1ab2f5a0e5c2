package io.modelfleet.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.alert.NewAlertRule;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.TagSelector;

/** Options left out stay null, so the API's defaults and checks apply as they do for every other client. */
@Service
@Command(scope = "fleet", name = "alert-rule-create", description = "Creates an alert rule: EDGE_OFFLINE fires per "
        + "edge not seen for --window minutes; LOW_CONFIDENCE_RATE and FAILURE_RATE fire when more than --threshold "
        + "percent of results score low or of inferences fail over --window minutes; DRIFT fires when the samples of "
        + "--model-version drift from its training data (a PSI of at least --threshold, default 0.2); ROLLOUT_FAILED, "
        + "TRAINING_FAILED and TRAINING_SUCCEEDED fire once for each rollout that fails or training run that fails or "
        + "succeeds, fleet-wide, and their alerts stay open for --window minutes")
public class AlertRuleCreateCommand extends FleetAction {
    private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("kind", "--kind"),
            Map.entry("edgeId", "--edge"), Map.entry("tagKey", "--tag"), Map.entry("tagValue", "--tag"),
            Map.entry("modelVersion", "--model-version"), Map.entry("threshold", "--threshold"),
            Map.entry("scoreBelow", "--score-below"), Map.entry("windowMinutes", "--window"),
            Map.entry("minResults", "--min-results"), Map.entry("renotifyMinutes", "--renotify"),
            Map.entry("channelIds", "--channel"), Map.entry("name", "name"));

    @Reference
    AlertService alerts;

    @Reference
    FleetService fleet;

    @Argument(index = 0, name = "name", description = "what the rule is called in alerts and messages", required = true)
    String name;

    // not required = true: the API's message lists the kinds
    @Option(name = "--kind", description = "EDGE_OFFLINE, LOW_CONFIDENCE_RATE, FAILURE_RATE, DRIFT, ROLLOUT_FAILED, "
            + "TRAINING_FAILED or TRAINING_SUCCEEDED (required)")
    @Completion(AlertKindCompleter.class)
    String kind;

    @Option(name = "--edge", description = "watch only this edge (id or name)")
    @Completion(EdgeCompleter.class)
    String edge;

    @Option(name = "--tag", description = "EDGE_OFFLINE, DRIFT: watch the edges with this tag, key=value")
    String tag;

    @Option(name = "--model-version", description = "rates: watch only the results of this model version")
    String modelVersion;

    @Option(name = "--threshold", description = "rates: fire above this percentage, e.g. 10 (required for them); DRIFT: the PSI, default 0.2")
    String threshold;

    @Option(name = "--score-below", description = "LOW_CONFIDENCE_RATE: results scoring below this are low, a "
            + "multiple of 0.05 (default " + NewAlertRule.DEFAULT_SCORE_BELOW + ")")
    String scoreBelow;

    @Option(name = "--window", description = "minutes: how long an edge is unseen, how far back rates and drift are "
            + "taken, or how long an event kind's alert stays open (default " + NewAlertRule.DEFAULT_WINDOW_MINUTES
            + "; 60 for DRIFT and the event kinds)")
    String window;

    @Option(name = "--min-results", description = "rates: no alert with fewer results or inferences in the window "
            + "(default " + NewAlertRule.DEFAULT_MIN_RESULTS + ")")
    String minResults;

    @Option(name = "--renotify", description = "minutes between reminders while an alert fires, 0: none (default "
            + NewAlertRule.DEFAULT_RENOTIFY_MINUTES + "; the event kinds send none)")
    String renotify;

    @Option(name = "--disabled", description = "create the rule without evaluating it yet (fleet:alert-rule-enable)")
    boolean disabled;

    @Option(name = "--channel", multiValued = true, description = "tell this channel (id); repeat for several")
    @Completion(ChannelCompleter.class)
    List<String> channels;

    @Override
    void run() {
        // options first: a typo in them should not cost lookups, nor be hidden by a lookup's error
        AlertKind parsedKind = Parse.enumValue("--kind", kind, AlertKind.class);
        Double parsedThreshold = Parse.decimal("--threshold", threshold);
        Double parsedScoreBelow = Parse.decimal("--score-below", scoreBelow);
        Integer parsedWindow = Parse.integer("--window", window);
        Integer parsedMinResults = Parse.integer("--min-results", minResults);
        Integer parsedRenotify = Parse.integer("--renotify", renotify);
        unusedByKind(parsedKind);
        TagSelector byTag = TagSelector.parse(tag);
        if (byTag != null && byTag.value() == null) {
            throw new InvalidInputException("--tag must be key=value, such as site=berlin; was '"
                    + Format.clip(tag, 67) + "'");
        }
        List<Long> channelIds = new ArrayList<>();
        for (String channel : channels == null ? List.<String>of() : channels) {
            channelIds.add(Parse.id("channel id", channel));
        }
        Long edgeId = edge == null ? null : EdgeLookup.find(fleet, edge).id();
        NewAlertRule rule = Parse.naming(OPTIONS, () -> new NewAlertRule(name, parsedKind, edgeId,
                byTag == null ? null : byTag.key(), byTag == null ? null : byTag.value(), modelVersion, parsedThreshold,
                parsedScoreBelow, parsedWindow, parsedMinResults == null ? null : parsedMinResults.longValue(),
                parsedRenotify, !disabled, channelIds));
        AlertRule created = alerts.createRule(rule, actor());
        System.out.print(AlertRuleShowCommand.describe(created, alerts.channels(), 0));
    }

    /** The API ignores what a kind does not use; silently dropping it would leave the operator believing it applies. */
    private void unusedByKind(AlertKind parsedKind) {
        if (parsedKind == null) {
            // the API's message lists the kinds
            return;
        }
        if (parsedKind == AlertKind.EDGE_OFFLINE && (threshold != null || scoreBelow != null || minResults != null)) {
            throw new InvalidInputException("EDGE_OFFLINE fires when an edge is not seen for --window minutes; "
                    + "--threshold, --score-below and --min-results are for the rates");
        }
        if (parsedKind.event()) {
            // the API names its fields (edgeId, modelVersion) or drops what an event kind does not use
            if (threshold != null || scoreBelow != null || minResults != null) {
                throw new InvalidInputException(parsedKind + " fires once for each occurrence and keeps its alert "
                        + "open for --window minutes; --threshold, --score-below and --min-results are for the rates");
            }
            if (edge != null || tag != null || modelVersion != null) {
                throw new InvalidInputException(parsedKind + " watches the whole fleet; --edge, --tag and "
                        + "--model-version are for the other kinds");
            }
            if (renotify != null) {
                throw new InvalidInputException(parsedKind + " tells each occurrence once; --renotify is for the kinds "
                        + "whose alerts fire while a condition holds");
            }
        }
        if (parsedKind == AlertKind.DRIFT && scoreBelow != null) {
            throw new InvalidInputException("--score-below is for LOW_CONFIDENCE_RATE; DRIFT takes a PSI as --threshold");
        }
        if (parsedKind == AlertKind.FAILURE_RATE && scoreBelow != null) {
            throw new InvalidInputException("--score-below is for LOW_CONFIDENCE_RATE; FAILURE_RATE counts failed "
                    + "inferences");
        }
    }
}
