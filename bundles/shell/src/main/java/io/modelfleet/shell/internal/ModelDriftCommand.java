package io.modelfleet.shell.internal;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.edge.TagSelector;
import io.modelfleet.api.model.DriftMeasure;
import io.modelfleet.api.model.DriftQuery;
import io.modelfleet.api.model.DriftReport;
import io.modelfleet.api.model.DriftService;
import io.modelfleet.api.model.ModelRegistry;

@Service
@Command(scope = "fleet", name = "model-drift", description = "Compares a model version's recent inference samples "
        + "with its training dataset version: labels, scores and numeric inputs, with PSI and a two-sample test")
public class ModelDriftCommand extends FleetAction {
    @Reference
    ModelRegistry models;

    @Reference
    DriftService drift;

    @Argument(index = 0, name = "version", description = "name:version or version id", required = true)
    @Completion(ModelCompleter.class)
    String reference;

    @Option(name = "--window", description = "minutes of samples to compare (default 60)")
    String window;

    @Option(name = "--tag", description = "only the samples of the edges with this tag, key=value")
    String tag;

    @Override
    void run() {
        long versionId = models.findVersion(reference).id();
        TagSelector byTag = tag == null ? null : TagSelector.parse(tag);
        DriftReport report = drift.drift(versionId, new DriftQuery(window == null ? null : (int) Parse.id("--window",
                window), byTag == null ? null : byTag.key(), byTag == null ? null : byTag.value(), null, null, null));
        System.out.print(describe(report));
    }

    static String describe(DriftReport report) {
        StringBuilder out = new StringBuilder();
        out.append(report.model()).append(": ").append(report.drifted() ? "DRIFTED" : "no drift").append(" (")
                .append(report.liveCount()).append(" samples from ").append(Format.instant(report.from()))
                .append(report.tagKey() == null ? "" : " on edges " + report.tagKey() + "=" + report.tagValue())
                .append(" against ").append(report.referenceCount()).append(" items of dataset version ")
                .append(report.datasetVersionId()).append(")\n");
        if (report.measures().isEmpty()) {
            out.append("nothing compared: at least ").append(report.minLive()).append(" samples are needed\n");
            return out.toString();
        }
        ShellTable table = new ShellTable();
        table.column("MEASURE");
        table.column("TEST");
        table.column("PSI").alignRight();
        table.column("STATISTIC").alignRight();
        table.column("P-VALUE").alignRight();
        table.column("DRIFTED");
        for (DriftMeasure measure : report.measures()) {
            table.addRow().addContent(measure.name(), measure.test(), String.format(Locale.ROOT, "%.3f", measure.psi()),
                    String.format(Locale.ROOT, "%.3f", measure.statistic()),
                    String.format(Locale.ROOT, "%.2e", measure.pValue()), measure.drifted() ? "yes" : "no");
        }
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        table.print(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        out.append(buffer.toString(java.nio.charset.StandardCharsets.UTF_8));
        return out.toString();
    }
}
