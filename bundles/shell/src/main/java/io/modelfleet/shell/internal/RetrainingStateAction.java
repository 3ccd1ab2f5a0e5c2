package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingService;

/** Continue and stop differ only in the service call and what they say; neither asks for confirmation. */
abstract class RetrainingStateAction extends FleetAction {
    @Reference
    RetrainingService retrainings;

    @Argument(index = 0, name = "id", description = "retraining id", required = true)
    @Completion(RetrainingCompleter.class)
    String id;

    abstract Retraining change(long retrainingId, String actor);

    /** What the operator is told about the retraining the service returned. */
    String report(Retraining changed) {
        return RetrainingText.changed(changed);
    }

    @Override
    void run() {
        System.out.println(report(change(Parse.id("retraining id", id), actor())));
    }
}
