package io.modelfleet.api.spi.source;

import java.nio.file.Path;

/**
 * A file an operator uploaded for an import (the web console, {@code POST /api/v1/datasets/{id}/uploads}, the shell's
 * {@code --file}). The platform streamed it to {@code path}, a local file the source may read (and nothing else: it is
 * deleted when the import ends, whatever the outcome). {@code name} is the client's file name (only a hint: its
 * extension, never a path to open); {@code contentType} is what the client declared, or null.
 */
public record UploadedFile(String name, Path path, long size, String contentType) {
    public UploadedFile {
        if (path == null) {
            throw new IllegalArgumentException("an uploaded file needs a path");
        }
        name = name == null || name.isBlank() ? path.getFileName().toString() : name;
    }
}
