package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;

@Service
@Command(scope = "fleet", name = "model-stage", description = "Moves a model version to a review stage (APPROVED to deploy it)")
public class ModelStageCommand extends FleetAction {
    @Reference
    ModelRegistry models;

    @Argument(index = 0, name = "version", description = "name:version or version id", required = true)
    @Completion(ModelCompleter.class)
    String reference;

    @Argument(index = 1, name = "stage", description = "CANDIDATE, APPROVED, DEPLOYED or ARCHIVED", required = true)
    @Completion(ModelStageCompleter.class)
    String stage;

    @Override
    void run() {
        ModelStage target = Parse.enumValue("stage", stage, ModelStage.class);
        if (target == null) {
            throw new InvalidInputException("stage is required: CANDIDATE, APPROVED, DEPLOYED or ARCHIVED");
        }
        ModelVersion version = models.setStage(models.findVersion(reference).id(), target, actor());
        System.out.println(version.reference() + " is " + version.stage());
    }
}
