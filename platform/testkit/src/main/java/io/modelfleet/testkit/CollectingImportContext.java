package io.modelfleet.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.ImportContext;

/**
 * The {@link ImportContext} of data source tests: what the platform gives an import, collecting what the source
 * sends. Items land in {@link #items}, stored files in {@link #contents} (reference to bytes, references
 * {@code ref-0}, {@code ref-1}... in storing order), the last progress in {@link #done} and {@link #total}.
 * <p>
 * It enforces the SPI's rule on content: a file over {@link ImportContext#MAX_CONTENT_BYTES} fails with
 * {@link InvalidInputException}. Optionally it also checks items as the platform's import does, again failing with
 * {@link InvalidInputException}: {@link #requireColumns()} (a tabular item's fields are exactly the dataset's columns)
 * and {@link #requireLabels()} (every item is labelled); {@link #cancelAfter(int)} reports the import cancelled once
 * that many items were accepted.
 */
public class CollectingImportContext implements ImportContext {
    public final List<DataItem> items = Collections.synchronizedList(new ArrayList<>());
    public final Map<String, byte[]> contents = Collections.synchronizedMap(new LinkedHashMap<>());
    public volatile long done;
    public volatile long total = -1;
    public volatile int progressCalls;

    private final DatasetKind kind;
    private final List<String> columns;
    private boolean requireColumns;
    private boolean requireLabels;
    private int cancelAfter = -1;
    private Consumer<String> fileNameCheck = name -> { };

    /** A tabular dataset with these feature columns. */
    public CollectingImportContext(List<String> columns) {
        this(DatasetKind.TABULAR, columns);
    }

    public CollectingImportContext(DatasetKind kind, List<String> columns) {
        this.kind = kind;
        this.columns = List.copyOf(columns);
    }

    /** A files dataset (images, say): no columns. */
    public static CollectingImportContext files() {
        return new CollectingImportContext(DatasetKind.FILES, List.of());
    }

    /** Refuses an item with fields whose names are not exactly the dataset's columns. */
    public CollectingImportContext requireColumns() {
        requireColumns = true;
        return this;
    }

    /** Refuses an item without a label. */
    public CollectingImportContext requireLabels() {
        requireLabels = true;
        return this;
    }

    /** Reports the import cancelled once {@code count} items were accepted (0: from the start). */
    public CollectingImportContext cancelAfter(int count) {
        cancelAfter = count;
        return this;
    }

    /** Runs {@code check} on the file name of each {@link #storeContent} call (a test's own assertions). */
    public CollectingImportContext checkFileNames(Consumer<String> check) {
        fileNameCheck = check;
        return this;
    }

    @Override
    public void accept(DataItem item) {
        if (requireColumns && !item.fields().isEmpty() && !item.fields().keySet().equals(Set.copyOf(columns))) {
            throw new InvalidInputException("item " + item.key() + " has columns " + item.fields().keySet());
        }
        if (requireLabels && (item.label() == null || item.label().isBlank())) {
            throw new InvalidInputException("the label is empty");
        }
        items.add(item);
    }

    @Override
    public DatasetKind datasetKind() {
        return kind;
    }

    @Override
    public List<String> datasetColumns() {
        return columns;
    }

    @Override
    public String storeContent(String fileName, InputStream content) throws IOException {
        fileNameCheck.accept(fileName);
        byte[] bytes = content.readNBytes((int) MAX_CONTENT_BYTES + 1);
        if (bytes.length > MAX_CONTENT_BYTES) {
            throw new InvalidInputException(fileName + " is too large");
        }
        synchronized (contents) {
            String ref = "ref-" + contents.size();
            contents.put(ref, bytes);
            return ref;
        }
    }

    /** The stored files' bytes in storing order. */
    public List<byte[]> stored() {
        synchronized (contents) {
            return List.copyOf(contents.values());
        }
    }

    @Override
    public void progress(long done, long total) {
        this.done = done;
        this.total = total;
        progressCalls++;
    }

    @Override
    public boolean cancelled() {
        return cancelAfter >= 0 && items.size() >= cancelAfter;
    }
}
