package io.modelfleet.plugin.source.local.internal;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.ImportContext;
import io.modelfleet.api.spi.source.ImportSummary;

/**
 * A zip archive of class folders: every file sits in a folder named after its label ({@code cat/001.jpg}, or deeper,
 * {@code pets/cat/001.jpg}: the innermost folder is the label). The entry path is the item key, so importing the
 * archive again adds nothing. Nothing is extracted to disk under its own name: each entry is streamed into the blob
 * store, and the bytes actually inflated are counted, so a lying header cannot hide a zip bomb.
 */
final class ZipImport {
    private static final long RATIO_CHECK_FROM = 1024 * 1024;

    private final LocalSourceConfiguration config;

    ZipImport(LocalSourceConfiguration config) {
        this.config = config;
    }

    static boolean isZip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }

    ImportSummary importArchive(Path path, ImportContext context) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException | EOFException e) { // a damaged directory can point past the end of the file
            throw new InvalidInputException("the file is not a readable zip archive: "
                    + (e instanceof EOFException ? "it ends early" : e.getMessage()));
        }
        try (zip) {
            int entries = zip.size();
            if (entries > config.maxZipEntries()) {
                throw new InvalidInputException("the archive has " + entries + " entries; the limit is " + config.maxZipEntries());
            }
            long[] inflated = {0};
            long files = 0;
            long skipped = 0;
            long done = 0;
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements() && !context.cancelled()) {
                ZipEntry entry = nextEntry(all);
                String name = checkedName(entry.getName());
                context.progress(++done, entries);
                if (entry.isDirectory()) {
                    continue;
                }
                List<String> segments = List.of(name.split("/"));
                String fileName = segments.get(segments.size() - 1);
                if (segments.stream().anyMatch(s -> s.startsWith(".") || s.equals("__MACOSX"))) {
                    skipped++; // Finder and editor litter, not data
                    continue;
                }
                if (segments.size() < 2) {
                    throw new InvalidInputException("entry '" + name + "' is not inside a class folder: put each file in a "
                            + "folder named after its label, such as cat/" + fileName);
                }
                String label = segments.get(segments.size() - 2);
                String ref;
                try (InputStream in = new Inflated(zip.getInputStream(entry), name, entry.getCompressedSize(), inflated)) {
                    ref = context.storeContent(fileName, in);
                } catch (ZipException | EOFException e) {
                    throw new InvalidInputException("entry '" + name + "' is damaged: "
                            + (e instanceof EOFException ? "it ends early" : e.getMessage()));
                } catch (InvalidInputException e) {
                    throw e.detail() != null && e.detail().startsWith("entry '") ? e
                            : new InvalidInputException("entry '" + name + "': " + e.detail());
                }
                try {
                    context.accept(new DataItem(name, Map.of(), ref, null, label, null));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("entry '" + name + "': " + e.detail());
                }
                files++;
            }
            return new ImportSummary(files, skipped, List.of());
        }
    }

    private static ZipEntry nextEntry(Enumeration<? extends ZipEntry> entries) {
        try {
            return entries.nextElement();
        } catch (IllegalArgumentException e) { // a name that is not UTF-8
            throw new InvalidInputException("the archive has an entry whose name is not UTF-8");
        }
    }

    /** Refuses names that would escape a folder if anyone extracted them: absolute, drive, '..' or backslash paths. */
    static String checkedName(String name) {
        String reason = null;
        if (name.isEmpty() || name.length() > 512) {
            reason = "its name is empty or longer than 512 characters";
        } else if (name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || name.length() > 1 && name.charAt(1) == ':') {
            reason = "absolute paths, drive letters and backslashes are not allowed";
        } else {
            for (String segment : name.split("/")) {
                if (segment.equals("..")) {
                    reason = "'..' would leave the archive's folder (path traversal)";
                }
            }
        }
        if (reason != null) {
            throw new InvalidInputException("entry '" + name.replace('\0', '?') + "' is refused: " + reason);
        }
        return name;
    }

    /** Counts inflated bytes against the archive's budget and the entry's compression ratio. */
    private final class Inflated extends FilterInputStream {
        private final String name;
        private final long compressed;
        private final long[] archiveTotal;
        private long entryTotal;

        Inflated(InputStream in, String name, long compressed, long[] archiveTotal) {
            super(in);
            this.name = name;
            this.compressed = compressed;
            this.archiveTotal = archiveTotal;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                entryTotal += n;
                archiveTotal[0] += n;
                if (archiveTotal[0] > config.maxUncompressedBytes()) {
                    throw new InvalidInputException("entry '" + name + "': the archive expands beyond "
                            + config.maxUncompressedBytes() + " bytes (a zip bomb?)");
                }
                if (entryTotal > RATIO_CHECK_FROM && compressed > 0
                        && entryTotal / compressed > config.maxCompressionRatio()) {
                    throw new InvalidInputException("entry '" + name + "' expands more than " + config.maxCompressionRatio()
                            + " times its compressed size (a zip bomb?)");
                }
            }
            return n;
        }
    }
}
