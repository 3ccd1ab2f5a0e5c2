package io.modelfleet.plugin.training.external.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.solution.FileData;
import io.modelfleet.api.support.csv.CsvReader;
import io.modelfleet.api.support.csv.CsvWriter;
import io.modelfleet.api.spi.storage.ArtifactStore;

/**
 * A FILES dataset version as the training service receives it: a zip of {@code manifest.csv} ({@code key,file,label},
 * {@code file} the item's path in the zip, an empty label for none) and the items' bytes under {@code items/}, named
 * by their position in the dataset with the key's extension ({@code items/000001.png}).
 * <p>
 * The archive is produced as it is read ({@link #open}): the dataset CSV ({@code key,content,label}, contents being
 * artifact keys, see {@link FileData#readCsv}) is read once for the manifest and once for the items, and item bytes
 * are copied a buffer at a time, so memory stays bounded however many and however large the items are (the zip's
 * central directory, a few dozen bytes per item, is the only part that grows with the dataset).
 */
final class DatasetArchive {
    static final String MANIFEST = "manifest.csv";
    static final String ITEMS = "items/";
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_LINE_CHARS = 1 << 16;
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,8}");
    /** Formats that are compressed already: stored without a second, futile compression. */
    private static final Set<String> COMPRESSED = Set.of("png", "jpg", "jpeg", "gif", "webp", "zip", "gz", "mp3",
            "mp4", "ogg", "flac");
    /** Entries carry a fixed time, so the same dataset version always makes the same archive. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private DatasetArchive() {
    }

    /** One item of the dataset CSV; {@code number} counts from 1 in dataset order. */
    record Item(int number, String key, String content, String label) {

        /** The item's path in the archive. */
        String file() {
            String extension = extension();
            return ITEMS + String.format(Locale.ROOT, "%06d", number) + (extension == null ? "" : "." + extension);
        }

        /** The key's file name extension as it is written (else the stored content's), or null. */
        String extension() {
            String extension = extension(key);
            return extension != null ? extension : extension(content);
        }

        private static String extension(String name) {
            int slash = name.lastIndexOf('/');
            int dot = name.lastIndexOf('.');
            if (dot <= slash + 1) {
                return null;
            }
            String extension = name.substring(dot + 1);
            return EXTENSION.matcher(extension).matches() ? extension : null;
        }
    }

    /** Reads a FILES dataset CSV item by item, as {@link FileData#readCsv} reads it. */
    static final class Items implements Closeable {
        private final String datasetKey;
        private final InputStream in;
        private final CsvReader csv;
        private int count;

        Items(ArtifactStore blobs, String datasetKey) throws IOException {
            this.datasetKey = datasetKey;
            this.in = blobs.open(datasetKey, 0);
            try {
                this.csv = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8), MAX_LINE_CHARS);
                List<String> header = csv.next();
                if (header == null || !header.equals(List.of("key", "content", "label"))) {
                    throw new InvalidInputException("the FILES dataset " + datasetKey
                            + " does not start with the header key,content,label");
                }
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        /** The next item, or null after the last. */
        Item next() throws IOException {
            for (List<String> record = csv.next(); record != null; record = csv.next()) {
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                if (record.size() != 3) {
                    throw new InvalidInputException("line " + csv.recordLine() + " of the FILES dataset " + datasetKey
                            + " has " + record.size() + " fields; the header has 3");
                }
                if (count == FileData.MAX_ITEMS) {
                    throw new InvalidInputException("the dataset has more than " + FileData.MAX_ITEMS + " items");
                }
                return new Item(++count, record.get(0), record.get(1), record.get(2));
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Checks, before anything is sent, that every item's content is in the artifact store, so a dataset with a hole
     * is refused whole instead of breaking off an upload.
     *
     * @return the number of items
     * @throws InvalidInputException naming the first item without stored content
     */
    static int check(ArtifactStore blobs, String datasetKey) throws IOException {
        try (Items items = new Items(blobs, datasetKey)) {
            int count = 0;
            for (Item item = items.next(); item != null; item = items.next()) {
                if (item.content().isEmpty()) {
                    throw new InvalidInputException("item '" + item.key() + "' of the dataset has no stored content; "
                            + "the training service cannot be given its file");
                }
                if (blobs.size(item.content()) < 0) {
                    throw new InvalidInputException("item '" + item.key() + "' of the dataset has no stored content: "
                            + item.content() + " is not in the artifact store");
                }
                count++;
            }
            return count;
        }
    }

    /** The archive of the dataset, produced while it is read; the caller closes it. */
    static InputStream open(ArtifactStore blobs, String datasetKey) {
        return new ArchiveStream(blobs, datasetKey);
    }

    /** A byte buffer whose contents are read in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(2 * CHUNK);
        }

        byte[] bytes() {
            return buf;
        }
    }

    private static final class ArchiveStream extends InputStream {
        private enum Stage { START, MANIFEST, ITEMS, DONE }

        private final ArtifactStore blobs;
        private final String datasetKey;
        private final Buffer out = new Buffer();
        private final ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        private final byte[] copy = new byte[CHUNK];
        private int position;
        private Stage stage = Stage.START;
        private Items items;
        private Item item;
        private InputStream content;
        private boolean closed;

        ArchiveStream(ArtifactStore blobs, String datasetKey) {
            this.blobs = blobs;
            this.datasetKey = datasetKey;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("the dataset archive is closed");
            }
            if (len == 0) {
                return 0;
            }
            while (position >= out.size()) {
                out.reset();
                position = 0;
                if (!step()) {
                    return -1;
                }
            }
            int n = Math.min(len, out.size() - position);
            System.arraycopy(out.bytes(), position, b, off, n);
            position += n;
            return n;
        }

        private void entry(String name, int level) throws IOException {
            zip.setLevel(level);
            ZipEntry entry = new ZipEntry(name);
            entry.setTimeLocal(ENTRY_TIME);
            zip.putNextEntry(entry);
        }

        /** Writes the next piece of the archive into {@link #out}; false at the end. */
        private boolean step() throws IOException {
            switch (stage) {
                case START -> {
                    items = new Items(blobs, datasetKey);
                    entry(MANIFEST, Deflater.BEST_SPEED);
                    zip.write(CsvWriter.line(List.of("key", "file", "label")).getBytes(StandardCharsets.UTF_8));
                    stage = Stage.MANIFEST;
                }
                case MANIFEST -> {
                    for (int rows = 0; rows < 1024; rows++) {
                        Item next = items.next();
                        if (next == null) {
                            zip.closeEntry();
                            items.close();
                            items = new Items(blobs, datasetKey);
                            stage = Stage.ITEMS;
                            break;
                        }
                        zip.write(CsvWriter.line(Arrays.asList(next.key(), next.file(), next.label()))
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
                case ITEMS -> {
                    if (content == null) {
                        item = items.next();
                        if (item == null) {
                            items.close();
                            items = null;
                            zip.finish();
                            stage = Stage.DONE;
                            return true;
                        }
                        try {
                            content = blobs.open(item.content(), 0);
                        } catch (NoSuchFileException e) {
                            throw new UploadBody.UploadException("item '" + item.key() + "' of the dataset has no "
                                    + "stored content: " + item.content() + " is not in the artifact store", e);
                        }
                        String extension = item.extension();
                        entry(item.file(), extension != null && COMPRESSED.contains(extension.toLowerCase(Locale.ROOT))
                                ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED);
                    }
                    int n = content.read(copy);
                    if (n < 0) {
                        content.close();
                        content = null;
                        zip.closeEntry();
                    } else {
                        zip.write(copy, 0, n);
                    }
                }
                case DONE -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (Closeable a = content; Closeable b = items) {
                // the deflater's native memory goes now, not when the collector finds the stream
                try {
                    zip.close();
                } catch (IOException | RuntimeException ignored) {
                    // an archive broken off half-way has nothing left to say
                }
            }
        }
    }
}
