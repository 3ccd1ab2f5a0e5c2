package io.modelfleet.plugin.training.external.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.training.ModelInput;

/**
 * A request body made of parts opened one after the other as the HTTP client reads, so nothing is held whole: text
 * (multipart headers), the dataset and the model files from the artifact store. It notes when it was last read, for a
 * timeout that counts from the last progress instead of from the start of an upload that may take long.
 */
final class UploadBody implements Supplier<InputStream>, AutoCloseable {

    /** Opens one part's bytes. */
    @FunctionalInterface
    interface Part {
        InputStream open() throws IOException;
    }

    /** A failure of the body itself (not of the connection), reported with its own message. */
    static final class UploadException extends IOException {
        private static final long serialVersionUID = 1L;

        UploadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final List<Part> parts = new ArrayList<>();
    private final List<InputStream> opened = new CopyOnWriteArrayList<>();
    private volatile long lastActivityNanos = System.nanoTime();

    UploadBody text(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        parts.add(() -> new ByteArrayInputStream(bytes));
        return this;
    }

    UploadBody stream(Part part) {
        parts.add(part);
        return this;
    }

    /** Nanoseconds since the body was last read (or created). */
    long idleNanos() {
        return System.nanoTime() - lastActivityNanos;
    }

    @Override
    public InputStream get() {
        lastActivityNanos = System.nanoTime();
        InputStream stream = new Sequence();
        opened.add(stream);
        return stream;
    }

    /** Closes what the client left open (it stops reading when the exchange fails). */
    @Override
    public void close() {
        for (InputStream stream : opened) {
            try {
                stream.close();
            } catch (IOException | RuntimeException ignored) {
                // the body is done with either way
            }
        }
    }

    private final class Sequence extends InputStream {
        private int next;
        private InputStream current;
        private boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("the request body is closed");
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (current == null) {
                    if (next == parts.size()) {
                        return -1;
                    }
                    current = parts.get(next++).open();
                }
                int n = current.read(b, off, len);
                lastActivityNanos = System.nanoTime();
                if (n >= 0) {
                    return n;
                }
                current.close();
                current = null;
            }
        }

        @Override
        public void close() throws IOException {
            InputStream open;
            synchronized (this) {
                closed = true;
                open = current;
                current = null;
            }
            if (open != null) {
                open.close();
            }
        }
    }

    /**
     * A model's bytes, checked against the registry's SHA-256 as they pass: a damaged copy breaks the upload off
     * before the body's closing boundary, so the service never receives a complete job with it.
     */
    static InputStream verified(InputStream in, ModelInput model) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new FilterInputStream(in) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    digest.update(b, off, n);
                } else if (n < 0 && !checked) {
                    checked = true;
                    String actual = HexFormat.of().formatHex(digest.digest());
                    if (!actual.equalsIgnoreCase(model.sha256())) {
                        String detail = "the copy of model " + model.reference() + " (parameter " + model.parameter()
                                + ") is damaged: its SHA-256 is " + actual + ", the registry's " + model.sha256();
                        throw new UploadException(detail, new InvalidInputException(detail));
                    }
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                throw new IOException("a verified model is read, not skipped");
            }
        };
    }
}
