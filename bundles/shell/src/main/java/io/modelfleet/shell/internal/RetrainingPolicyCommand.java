package io.modelfleet.shell.internal;

import java.util.Optional;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.alert.AlertService;
import io.modelfleet.api.stream.RetrainingPolicy;
import io.modelfleet.api.stream.RetrainingService;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;

@Service
@Command(scope = "fleet", name = "retraining-policy", description = "Shows a stream's retraining policy: which alert "
        + "rules start a retraining, what it imports, the gate a new model must pass and whether it is approved "
        + "automatically")
public class RetrainingPolicyCommand extends FleetAction {
    @Reference
    RetrainingService retrainings;

    @Reference
    StreamService streams;

    @Reference
    AlertService alerts;

    @Argument(index = 0, name = "stream", description = "stream name or id", required = true)
    @Completion(StreamCompleter.class)
    String stream;

    @Override
    void run() {
        Stream found = StreamLookup.find(streams, stream);
        Optional<RetrainingPolicy> policy = retrainings.policy(found.id());
        if (policy.isEmpty()) {
            System.out.println("Stream " + RetrainingText.stream(found) + " has no retraining policy; "
                    + "fleet:retraining-policy-set sets one");
            return;
        }
        System.out.print(RetrainingText.policy(found, policy.get(), alerts.rules()));
    }
}
