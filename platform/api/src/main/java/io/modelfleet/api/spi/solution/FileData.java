package io.modelfleet.api.spi.solution;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.support.csv.CsvReader;

/**
 * A FILES dataset version as training sees it: the items' keys, labels and media types in dataset order, held in
 * memory (small), and each item's bytes streamed on demand from wherever the backend keeps them, so a dataset of many
 * large files is never loaded whole. Items may be opened any number of times, in any order, also concurrently.
 */
@ProviderType
public interface FileData {
    /** At most this many items; the metadata of each is held in memory. */
    int MAX_ITEMS = 2_000_000;

    /** The dataset's label set, in order. */
    List<String> labels();

    /** Every item of the version, in dataset order. */
    List<FileItem> items();

    /** The bytes of {@code items().get(index)}; the caller closes the stream. */
    InputStream open(int index) throws IOException;

    /**
     * One item.
     *
     * @param key the item's key in the dataset (for an import from a folder, its relative path), named in errors
     * @param label the label, or null when unlabelled
     * @param mediaType what the key's extension says the file is ({@code image/png}, ...), or
     *        {@code application/octet-stream}; the bytes decide
     */
    record FileItem(String key, String label, String mediaType) {
    }

    /** Opens an item's stored content by the reference a dataset export names ({@code content} column). */
    @FunctionalInterface
    interface ContentOpener {
        InputStream open(String contentRef) throws IOException;
    }

    /**
     * Reads the CSV a FILES dataset version exports ({@code key, content, label}; an empty label is none): the
     * metadata into memory, the contents left where they are, opened through {@code contents} when a solution asks.
     *
     * @param labels the dataset's label set, in order
     */
    static FileData readCsv(InputStream in, List<String> labels, ContentOpener contents) throws IOException {
        CsvReader csv = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        List<String> header = csv.next();
        if (header == null || !header.equals(List.of("key", "content", "label"))) {
            throw new InvalidInputException("a FILES dataset CSV starts with the header key,content,label");
        }
        List<FileItem> items = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (List<String> record = csv.next(); record != null; record = csv.next()) {
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue;
            }
            if (record.size() != 3) {
                throw new InvalidInputException("line " + csv.recordLine() + " has " + record.size()
                        + " fields; the header has 3");
            }
            if (items.size() == MAX_ITEMS) {
                throw new InvalidInputException("the dataset has more than " + MAX_ITEMS + " items");
            }
            String label = record.get(2);
            items.add(new FileItem(record.get(0), label.isEmpty() ? null : label, mediaType(record.get(0))));
            refs.add(record.get(1));
        }
        List<String> labelSet = List.copyOf(labels);
        List<FileItem> itemList = List.copyOf(items);
        List<String> refList = List.copyOf(refs);
        return new FileData() {
            @Override
            public List<String> labels() {
                return labelSet;
            }

            @Override
            public List<FileItem> items() {
                return itemList;
            }

            @Override
            public InputStream open(int index) throws IOException {
                String ref = refList.get(index);
                if (ref.isEmpty()) {
                    throw new InvalidInputException("item '" + itemList.get(index).key() + "' has no stored file");
                }
                return contents.open(ref);
            }
        };
    }

    /** The media type a key's file name extension names. */
    static String mediaType(String key) {
        String name = key.toLowerCase(java.util.Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1)) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "bmp" -> "image/bmp";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "tif", "tiff" -> "image/tiff";
            case "wav" -> "audio/wav";
            default -> "application/octet-stream";
        };
    }
}
