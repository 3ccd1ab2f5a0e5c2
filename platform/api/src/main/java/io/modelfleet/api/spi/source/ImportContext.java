package io.modelfleet.api.spi.source;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.annotation.versioning.ProviderType;

/** Given by the platform to a running import: where items go, how progress is told, whether to stop. */
@ProviderType
public interface ImportContext {
    /** Largest file one item may hold (an image, a recording); larger content fails the import. */
    long MAX_CONTENT_BYTES = 32L * 1024 * 1024;

    void accept(DataItem item);

    /** The kind of the dataset being filled: tabular items carry fields, file items content. */
    io.modelfleet.api.spi.solution.DatasetKind datasetKind();

    /** The feature columns of a tabular dataset, in order (sources without names, such as tensors, map by position). */
    java.util.List<String> datasetColumns();

    /**
     * Stores one item's file in the platform's blob store and returns the reference to put in
     * {@link DataItem#contentRef()}. The name only gives the file type (its extension). Content over
     * {@link #MAX_CONTENT_BYTES} fails with {@link io.modelfleet.api.InvalidInputException}.
     */
    String storeContent(String fileName, InputStream content) throws IOException;

    /** Reports progress; {@code total} is -1 while unknown. */
    void progress(long done, long total);

    boolean cancelled();
}
