package io.modelfleet.shell.internal;

import java.util.function.Function;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingService;
import io.modelfleet.api.stream.RetrainingState;
import io.modelfleet.api.stream.RetrainingStep;

@Service
@Command(scope = "fleet", name = "retraining-show", description = "Shows a retraining: what started it, what it "
        + "imported, trained and rolled out, and every step it took")
public class RetrainingShowCommand extends FleetAction {
    private static final int MESSAGE_WIDTH = 80;

    @Reference
    RetrainingService retrainings;

    @Reference
    ModelRegistry models;

    @Argument(index = 0, name = "id", description = "retraining id", required = true)
    @Completion(RetrainingCompleter.class)
    String id;

    @Override
    void run() {
        Retraining retraining = retrainings.get(Parse.id("retraining id", id));
        System.out.print(describe(retraining, RetrainingText.modelNames(models)));
    }

    static String describe(Retraining retraining, Function<Long, String> modelNames) {
        StringBuilder out = new StringBuilder();
        out.append("Retraining ").append(retraining.id()).append(" of ").append(retraining.streamName()).append(" (")
                .append(retraining.streamId()).append("): ").append(retraining.state()).append('\n');
        RetrainingText.line(out, "trigger", retraining.trigger());
        if (retraining.alertId() != null) {
            RetrainingText.line(out, "alert", retraining.alertId() + " (fleet:alert-show " + retraining.alertId() + ")");
        }
        RetrainingText.line(out, "message", retraining.message());
        RetrainingText.line(out, "filters", RetrainingText.importOptions(retraining.importOptions()));
        if (retraining.importJobId() != null) {
            RetrainingText.line(out, "import", "job " + retraining.importJobId() + ", "
                    + (retraining.importedItems() == null ? "items not counted yet"
                            : retraining.importedItems() + " item(s) imported"));
        }
        if (retraining.datasetVersionId() != null) {
            RetrainingText.line(out, "dataset", "version id " + retraining.datasetVersionId());
        }
        if (retraining.trainingRunId() != null) {
            RetrainingText.line(out, "training", "run id " + retraining.trainingRunId() + " (fleet:run-list "
                    + retraining.streamName() + ")");
        }
        RetrainingText.line(out, "model", model(retraining, modelNames));
        if (retraining.rolloutId() != null) {
            RetrainingText.line(out, "rollout", retraining.rolloutId() + " (fleet:rollout-show "
                    + retraining.rolloutId() + ")");
        }
        RetrainingText.line(out, "started", Format.instant(retraining.createdAt()) + " by "
                + Format.text(retraining.createdBy()));
        RetrainingText.line(out, "updated", Format.instant(retraining.updatedAt()));
        if (retraining.finishedAt() != null) {
            RetrainingText.line(out, "finished", Format.instant(retraining.finishedAt()));
        }
        String next = next(retraining);
        if (next != null) {
            RetrainingText.line(out, "next", next);
        }

        ShellTable table = new ShellTable().emptyTableText("no steps");
        table.column("AT");
        table.column("STATE");
        table.column("MESSAGE").maxSize(MESSAGE_WIDTH).wrap();
        for (RetrainingStep step : retraining.steps()) {
            table.addRow().addContent(Format.instant(step.at()), Format.text(step.state()), Format.text(step.message()));
        }
        out.append("\nSteps\n").append(Format.table(table));
        return out.toString();
    }

    /** The new version (once trained) and the one it replaces. */
    private static String model(Retraining retraining, Function<Long, String> modelNames) {
        String replaces = retraining.replacesVersion() == null ? "" : "replaces " + retraining.replacesVersion();
        if (retraining.modelVersionId() == null) {
            return replaces.isEmpty() ? "-" : "not trained yet; " + replaces;
        }
        String trained = modelNames.apply(retraining.modelVersionId()) + " (id " + retraining.modelVersionId() + ")";
        return replaces.isEmpty() ? trained : trained + ", " + replaces;
    }

    /** What the retraining waits for from a person, in the states where it waits for one. */
    private static String next(Retraining retraining) {
        if (retraining.state() == RetrainingState.AWAITING_LABELS) {
            return "relabel the imported samples, then fleet:retraining-continue " + retraining.id();
        }
        if (retraining.state() == RetrainingState.AWAITING_APPROVAL && retraining.modelVersionId() != null) {
            return "approve the new version to roll it out (fleet:model-stage <version> APPROVED)";
        }
        return null;
    }
}
