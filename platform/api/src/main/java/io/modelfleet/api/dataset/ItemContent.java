package io.modelfleet.api.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** The file of one item (an image for a preview, say), with its media type. The caller closes it. */
public record ItemContent(String mediaType, long size, InputStream data) implements Closeable {
    @Override
    public void close() throws IOException {
        data.close();
    }
}
