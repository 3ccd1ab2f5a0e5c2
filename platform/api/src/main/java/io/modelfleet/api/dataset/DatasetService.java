package io.modelfleet.api.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.UploadedFile;

@ProviderType
public interface DatasetService {
    Dataset create(NewDataset dataset, String actor);

    List<Dataset> list();

    Dataset get(long datasetId);

    /** Data source instances an import can name, by id. */
    List<String> sources();

    /**
     * Starts importing from a data source instance in the background. Items arrive staged and become part of the
     * dataset only when the whole import succeeded; a failed or cancelled import leaves the dataset as it was.
     * {@code options} are checked against the source's {@link DataSource#importOptionsSchema()}: JSON values, or their
     * text (as a command line or a form sends them), converted by the type the schema gives; a bad one fails with an
     * {@link io.modelfleet.api.InvalidInputException} keyed {@code options.<name>}. {@code upload} is a file the
     * platform created for this import: required by a source that {@link DataSource#acceptsUpload() accepts uploads},
     * refused by the others, and deleted when the import ends (or, when this method throws, by the caller).
     */
    ImportJob startImport(long datasetId, String sourceId, Map<String, ?> options, UploadedFile upload, String actor);

    /** {@link #startImport(long, String, Map, UploadedFile, String)} without an upload. */
    default ImportJob startImport(long datasetId, String sourceId, Map<String, ?> options, String actor) {
        return startImport(datasetId, sourceId, options, null, actor);
    }

    ImportJob job(long jobId);

    ImportJob cancel(long jobId, String actor);

    Page<DatasetItem> items(long datasetId, ItemQuery query);

    /** Sets the label of items (one or many), recording each change. */
    int relabel(long datasetId, List<Long> itemIds, String label, String actor);

    List<LabelChange> history(long itemId);

    /** One item, or {@link io.modelfleet.api.NotFoundException}. */
    DatasetItem item(long itemId);

    /**
     * The item with this key in a version, with the label the version froze (training results name items by key), or
     * {@link io.modelfleet.api.NotFoundException}.
     */
    DatasetItem versionItem(long versionId, String key);

    /** The stored file of an item of a FILES dataset; {@link io.modelfleet.api.NotFoundException} when it has none. */
    ItemContent content(long itemId) throws IOException;

    /** Freezes the current items and labels as the next version. */
    DatasetVersion publish(long datasetId, String actor);

    List<DatasetVersion> versions(long datasetId);

    DatasetVersion version(long versionId);

    /** Writes a version as CSV: the columns, then label (tabular); key, content, label (files). */
    void exportCsv(long versionId, OutputStream out) throws IOException;

    /**
     * The same CSV for people: cells a spreadsheet would run as formulas are neutralised with a leading apostrophe
     * ({@link io.modelfleet.api.support.csv.CsvWriter#spreadsheetLine}).
     */
    void exportCsvForSpreadsheets(long versionId, OutputStream out) throws IOException;

    /**
     * Deletes a dataset: it becomes DELETED (no longer listed, its name free for a new dataset, imports and new
     * versions refused with a conflict). Versions a training run or model lineage names stay readable; everything
     * else (items, versions, stored files nothing else references) is removed by the artifact collector in batches.
     *
     * @throws io.modelfleet.api.NotFoundException when there is no such dataset (or it is deleted already)
     * @throws io.modelfleet.api.ConflictException while it imports, or when streams train on it (naming them)
     */
    void delete(long datasetId, String actor);

    /**
     * The dataset, when it takes imports and new versions: {@link io.modelfleet.api.NotFoundException} for an unknown
     * one, {@link io.modelfleet.api.ConflictException} for a deleted one (what {@link #get} answers 404 for). Lets an
     * upload be refused before its body is read.
     */
    Dataset changeable(long datasetId);
}
