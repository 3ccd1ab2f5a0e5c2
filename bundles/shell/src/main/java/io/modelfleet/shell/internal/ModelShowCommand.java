package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.TensorSpec;

@Service
@Command(scope = "fleet", name = "model-show", description = "Shows a model version: signature, metadata, metrics, lineage")
public class ModelShowCommand extends FleetAction {
    @Reference
    ModelRegistry models;

    @Argument(index = 0, name = "version", description = "name:version or version id", required = true)
    @Completion(ModelCompleter.class)
    String reference;

    @Override
    void run() {
        ModelVersion version = models.findVersion(reference);
        System.out.print(describe(version));
    }

    static String describe(ModelVersion version) {
        StringBuilder out = new StringBuilder();
        out.append(version.reference()).append(" (id ").append(version.id()).append(")\n");
        out.append("  stage     ").append(version.stage()).append('\n');
        out.append("  format    ").append(version.format()).append(", ").append(Format.bytes(version.sizeBytes()))
                .append('\n');
        out.append("  sha256    ").append(version.sha256()).append('\n');
        out.append("  created   ").append(Format.instant(version.createdAt())).append(" by ").append(version.createdBy())
                .append('\n');
        for (TensorSpec input : version.signature().inputs()) {
            out.append("  input     ").append(tensor(input)).append('\n');
        }
        for (TensorSpec output : version.signature().outputs()) {
            out.append("  output    ").append(tensor(output)).append('\n');
        }
        new java.util.TreeMap<>(version.metadata()).forEach((key, value) -> out.append("  metadata  ").append(key)
                .append(" = ").append(value).append('\n'));
        new java.util.TreeMap<>(version.metrics()).forEach((key, value) -> out.append("  metric    ").append(key)
                .append(" = ").append(value).append('\n'));
        if (version.lineage().streamId() != null) {
            out.append("  lineage   stream ").append(version.lineage().streamId()).append(", run ")
                    .append(Format.text(version.lineage().trainingRunId())).append(", dataset version ")
                    .append(Format.text(version.lineage().datasetVersionId())).append('\n');
        }
        return out.toString();
    }

    static String tensor(TensorSpec spec) {
        String shape = spec.shape().stream().map(d -> d < 0 ? "?" : Long.toString(d))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        return spec.name() + " " + spec.elementType() + (spec.shape().isEmpty() ? "" : " " + shape);
    }
}
