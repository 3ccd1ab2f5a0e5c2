package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingService;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;

@Service
@Command(scope = "fleet", name = "retraining-start", description = "Starts a retraining of a stream now, as if one of "
        + "its policy's trigger rules had fired: the samples of the rule's window up to now are imported and the "
        + "policy's steps follow")
public class RetrainingStartCommand extends FleetAction {
    @Reference
    RetrainingService retrainings;

    @Reference
    StreamService streams;

    @Argument(index = 0, name = "stream", description = "stream name or id", required = true)
    @Completion(StreamCompleter.class)
    String stream;

    @Option(name = "--rule", description = "act as this trigger rule (id) fired (default: the policy's first)")
    @Completion(AlertRuleCompleter.class)
    String rule;

    @Override
    void run() {
        Long ruleId = rule == null ? null : Parse.id("alert rule id", rule);
        Stream found = StreamLookup.find(streams, stream);
        Retraining started = retrainings.start(found.id(), ruleId, actor());
        System.out.println("Retraining " + started.id() + " of " + RetrainingText.stream(found) + " started: "
                + started.state() + (started.message() == null || started.message().isBlank() ? ""
                        : ", " + started.message()));
        System.out.println("fleet:retraining-show " + started.id() + " shows where it stands");
    }
}
