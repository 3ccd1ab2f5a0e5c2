package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.stream.RetrainingService;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;

@Service
@Command(scope = "fleet", name = "retraining-policy-clear", description = "Removes a stream's retraining policy: "
        + "alerts no longer start retrainings of it; retrainings under way go on (fleet:retraining-stop ends them)")
public class RetrainingPolicyClearCommand extends FleetAction {
    @Reference
    RetrainingService retrainings;

    @Reference
    StreamService streams;

    @Option(name = "--force", aliases = "-f", description = "do not ask for confirmation")
    boolean force;

    @Argument(index = 0, name = "stream", description = "stream name or id", required = true)
    @Completion(StreamCompleter.class)
    String stream;

    @Override
    void run() throws Exception {
        Stream found = StreamLookup.find(streams, stream);
        if (retrainings.policy(found.id()).isEmpty()) {
            System.out.println("Stream " + RetrainingText.stream(found) + " has no retraining policy");
            return;
        }
        String what = "The retraining policy of stream " + RetrainingText.stream(found) + " will be removed; "
                + "retrainings under way go on.";
        if (!force && !Confirmation.confirmed(session, what, found.name())) {
            return;
        }
        retrainings.clearPolicy(found.id(), actor());
        System.out.println("Retraining policy of " + RetrainingText.stream(found) + " removed");
    }
}
