package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.stream.Retraining;

@Service
@Command(scope = "fleet", name = "retraining-continue", description = "Goes on with a retraining that waits for "
        + "labels (AWAITING_LABELS): publishes the dataset with the samples as relabeled and retrains the stream")
public class RetrainingContinueCommand extends RetrainingStateAction {
    @Override
    Retraining change(long retrainingId, String actor) {
        return retrainings.proceed(retrainingId, actor);
    }
}
