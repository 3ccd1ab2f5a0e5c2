package io.modelfleet.shell.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.spi.source.UploadedFile;

@Service
@Command(scope = "fleet", name = "dataset-import", description = "Imports items into a dataset from a data source, "
        + "showing progress until the import ends (Ctrl-C stops watching; the import goes on)")
public class DatasetImportCommand extends FleetAction {
    private static final int BAR = 30;

    @Reference
    DatasetService datasets;

    @Argument(index = 0, name = "dataset", description = "dataset name or id", required = true)
    @Completion(DatasetCompleter.class)
    String dataset;

    @Argument(index = 1, name = "source", description = "data source instance id (see fleet:dataset-list)", required = true)
    @Completion(DataSourceCompleter.class)
    String source;

    @Option(name = "--file", description = "a CSV or zip file on the server, for sources that import an upload "
            + "(such as local); a copy is imported, the file stays")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--option", aliases = "-o", description = "import option key=value as the source's schema names "
            + "them (GET /api/v1/dataset-sources/{id}: prefix, layout, labelColumn...), repeatable",
            multiValued = true)
    List<String> options;

    @Option(name = "--no-wait", description = "start the import and return")
    boolean noWait;

    @Override
    void run() throws Exception {
        Dataset target = DatasetLookup.find(datasets, dataset);
        Map<String, String> parsed = Parse.keyValues(options);
        ImportJob job;
        if (file == null) {
            job = datasets.startImport(target.id(), source, parsed, actor());
        } else {
            Path original = Path.of(file);
            if (!Files.isRegularFile(original) || !Files.isReadable(original)) {
                throw new InvalidInputException(file + " is not a readable file");
            }
            // the platform deletes an upload when its import ends: it gets a copy, the operator's file stays
            Path copy = Files.createTempFile("modelfleet-dataset-", ".upload");
            boolean handedOver = false;
            try {
                Files.copy(original, copy, StandardCopyOption.REPLACE_EXISTING);
                job = datasets.startImport(target.id(), source, parsed, new UploadedFile(
                        original.getFileName().toString(), copy, Files.size(copy), null), actor());
                handedOver = true;
            } finally {
                if (!handedOver) {
                    Files.deleteIfExists(copy);
                }
            }
        }
        System.out.println("Import " + job.id() + " into " + target.name() + " from " + source + " started");
        if (noWait) {
            return;
        }
        String last = "";
        while (job.state() == ImportJob.ImportState.RUNNING) {
            String line = progress(job);
            if (!line.equals(last)) {
                System.out.print("\r" + line);
                System.out.flush();
                last = line;
            }
            Thread.sleep(250);
            job = datasets.job(job.id());
        }
        System.out.println("\r" + progress(job));
        System.out.println("Import " + job.id() + " " + job.state() + ": " + job.imported() + " imported, " + job.skipped()
                + " skipped" + (job.error() == null ? "" : "\n  " + job.error()));
    }

    static String progress(ImportJob job) {
        if (job.total() <= 0) {
            return "[" + " ".repeat(BAR) + "] " + job.done() + " done";
        }
        double fraction = Math.min(1, (double) job.done() / job.total());
        int filled = (int) Math.round(fraction * BAR);
        return "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + Math.round(fraction * 100) + "% "
                + job.done() + "/" + job.total();
    }
}
