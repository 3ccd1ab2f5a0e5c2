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
import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.stream.RetrainingPolicy;
import io.modelfleet.api.stream.RetrainingService;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;

/**
 * Sets the whole policy, as the API does: options left out stay null, so the API's defaults and checks apply as they
 * do for every other client.
 */
@Service
@Command(scope = "fleet", name = "retraining-policy-set", description = "Sets (replaces) a stream's retraining policy: "
        + "when one of the --rule alert rules (DRIFT, LOW_CONFIDENCE_RATE or FAILURE_RATE) fires, the samples its "
        + "edges sent are imported into the stream's dataset, the stream retrains, and a new model that passes the "
        + "gate is approved and rolled out with the stream's rollout plan. Options left out take their defaults")
public class RetrainingPolicySetCommand extends FleetAction {
    private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("triggerRuleIds", "--rule"),
            Map.entry("source", "--source"), Map.entry("maxScore", "--max-score"),
            Map.entry("maxItems", "--max-items"), Map.entry("gateMetric", "--gate-metric"),
            Map.entry("gateMinValue", "--gate-min"), Map.entry("gateMaxDrop", "--gate-max-drop"),
            Map.entry("cooldownMinutes", "--cooldown"));

    @Reference
    RetrainingService retrainings;

    @Reference
    StreamService streams;

    @Reference
    AlertService alerts;

    @Argument(index = 0, name = "stream", description = "stream name or id", required = true)
    @Completion(StreamCompleter.class)
    String stream;

    @Option(name = "--rule", multiValued = true, description = "an alert rule (id) that starts a retraining when it "
            + "fires: DRIFT, LOW_CONFIDENCE_RATE or FAILURE_RATE; repeat for several (at least one)")
    @Completion(AlertRuleCompleter.class)
    List<String> rules;

    @Option(name = "--source", description = "the data source the samples are imported from (default edges)")
    String source;

    @Option(name = "--max-score", description = "import only samples scoring at most this, 0..1 (default: any score; "
            + "a LOW_CONFIDENCE_RATE trigger takes its own)")
    String maxScore;

    @Option(name = "--max-items", description = "import at most this many samples (1.." + RetrainingPolicy.MAX_ITEMS
            + ", default " + RetrainingPolicy.DEFAULT_ITEMS + ")")
    String maxItems;

    @Option(name = "--wait-for-labels", description = "wait after the import until someone relabeled the samples and "
            + "ran fleet:retraining-continue (default: train on the labels the model predicted)")
    boolean waitForLabels;

    @Option(name = "--gate-metric", description = "the metric a new model is judged by, such as accuracy (default: "
            + "no gate); needs --gate-min, --gate-max-drop or both")
    String gateMetric;

    @Option(name = "--gate-min", description = "the gate metric must be at least this, such as 0.8")
    String gateMin;

    @Option(name = "--gate-max-drop", description = "the gate metric may be at most this much below the version it "
            + "replaces, such as 0.05")
    String gateMaxDrop;

    @Option(name = "--auto-approve", description = "approve a new model that passes the gate and roll it out "
            + "(default: wait for fleet:model-stage <version> APPROVED)")
    boolean autoApprove;

    @Option(name = "--cooldown", description = "minutes a stream waits after a retraining before the next (0.."
            + RetrainingPolicy.MAX_COOLDOWN_MINUTES + ", default 60)")
    String cooldown;

    @Option(name = "--disabled", description = "keep the policy but start nothing until it is set again without this")
    boolean disabled;

    @Override
    void run() {
        // options first: a typo in them should not cost lookups, nor be hidden by a lookup's error
        List<Long> ruleIds = new ArrayList<>();
        for (String rule : rules == null ? List.<String>of() : rules) {
            ruleIds.add(Parse.id("alert rule id", rule));
        }
        if (ruleIds.isEmpty()) {
            throw new InvalidInputException("--rule is required: the alert rule (id) whose alerts start a retraining; "
                    + "repeat it for several");
        }
        Double parsedMaxScore = Parse.decimal("--max-score", maxScore);
        Integer parsedMaxItems = Parse.integer("--max-items", maxItems);
        Double parsedGateMin = Parse.decimal("--gate-min", gateMin);
        Double parsedGateMaxDrop = Parse.decimal("--gate-max-drop", gateMaxDrop);
        Integer parsedCooldown = Parse.integer("--cooldown", cooldown);
        // the API names its own fields in these two messages
        boolean metric = gateMetric != null && !gateMetric.isBlank();
        if (!metric && (parsedGateMin != null || parsedGateMaxDrop != null)) {
            throw new InvalidInputException("--gate-min and --gate-max-drop need --gate-metric (such as accuracy)");
        }
        if (metric && parsedGateMin == null && parsedGateMaxDrop == null) {
            throw new InvalidInputException("--gate-metric needs --gate-min, --gate-max-drop or both");
        }
        RetrainingPolicy policy = Parse.naming(OPTIONS, () -> new RetrainingPolicy(!disabled, ruleIds, source,
                parsedMaxScore, parsedMaxItems, waitForLabels, gateMetric, parsedGateMin, parsedGateMaxDrop,
                autoApprove, parsedCooldown));
        Stream found = StreamLookup.find(streams, stream);
        RetrainingPolicy saved = retrainings.setPolicy(found.id(), policy, actor());
        System.out.print(RetrainingText.policy(found, saved, alerts.rules()));
    }
}
