package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingState;

@Service
@Command(scope = "fleet", name = "retraining-stop", description = "Stops a retraining: a running import or training "
        + "is cancelled, a running rollout aborted (its edges keep what they run); the policy stays")
public class RetrainingStopCommand extends RetrainingStateAction {
    @Override
    Retraining change(long retrainingId, String actor) {
        return retrainings.stop(retrainingId, actor);
    }

    /** The service leaves a retraining that had ended as it was; "is now SUCCEEDED" would read as its doing. */
    @Override
    String report(Retraining stopped) {
        return stopped.state() == RetrainingState.STOPPED ? super.report(stopped)
                : "Retraining " + stopped.id() + " (" + stopped.streamName() + ") had already ended: " + stopped.state();
    }
}
