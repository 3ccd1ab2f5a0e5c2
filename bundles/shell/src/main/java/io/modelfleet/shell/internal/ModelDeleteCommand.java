package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;

@Service
@Command(scope = "fleet", name = "model-delete", description = "Deletes a model version no edge runs or has assigned, "
        + "no unfinished rollout uses and that is not its model's only version; its artifact is collected")
public class ModelDeleteCommand extends FleetAction {
    @Reference
    ModelRegistry models;

    @Option(name = "--force", aliases = "-f", description = "do not ask for confirmation")
    boolean force;

    @Argument(index = 0, name = "version", description = "name:version or version id", required = true)
    @Completion(ModelCompleter.class)
    String version;

    @Override
    void run() throws Exception {
        ModelVersion found = models.findVersion(version);
        String what = "Model version " + found.reference() + " (id " + found.id() + ", " + found.stage()
                + ") will be deleted.";
        if (!force && !Confirmation.confirmed(session, what, found.reference())) {
            return;
        }
        models.deleteVersion(found.id(), actor());
        System.out.println("Model version " + found.reference() + " deleted");
    }
}
