package io.modelfleet.update.center.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/** Reads catalogs and KARs from https, http or file locations, with a size limit, a time limit and a SHA-256. */
final class Download {
    private final HttpClient http;
    private final Duration timeout;

    Download(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A file written and its SHA-256 (hex). */
    record Result(Path file, String sha256, long bytes) {
    }

    byte[] read(URI location, long maxBytes) throws UpdateCenterException {
        try (InputStream in = open(location, null)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new UpdateCenterException(location + " is larger than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UpdateCenterException("could not read " + location + ": " + reason(e), e);
        }
    }

    /** Copies {@code location} into {@code target}, telling {@code progress} the share done (0 to 1) as it goes. */
    Result fetch(URI location, Path target, long maxBytes, DoubleConsumer progress) throws UpdateCenterException {
        long[] length = { -1 };
        try (InputStream in = open(location, length)) {
            return copy(in, target, maxBytes, length[0], progress, location.toString());
        } catch (IOException e) {
            throw new UpdateCenterException("could not download " + location + ": " + reason(e), e);
        }
    }

    static Result copy(InputStream in, Path target, long maxBytes, long expectedLength, DoubleConsumer progress,
            String what) throws IOException, UpdateCenterException {
        if (expectedLength > maxBytes) {
            throw new UpdateCenterException(what + " has " + expectedLength + " bytes; the limit is " + maxBytes);
        }
        MessageDigest sha256 = sha256();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int read; (read = in.read(buffer)) > 0;) {
                total += read;
                if (total > maxBytes) {
                    throw new UpdateCenterException(what + " is larger than the limit of " + maxBytes + " bytes");
                }
                sha256.update(buffer, 0, read);
                out.write(buffer, 0, read);
                if (expectedLength > 0) {
                    progress.accept(Math.min(1.0, (double) total / expectedLength));
                }
            }
        }
        progress.accept(1.0);
        return new Result(target, HexFormat.of().formatHex(sha256.digest()), total);
    }

    private InputStream open(URI location, long[] length) throws IOException, UpdateCenterException {
        String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
        case "file": {
            Path path = Path.of(location);
            if (length != null) {
                length[0] = Files.size(path);
            }
            return Files.newInputStream(path);
        }
        case "http":
        case "https": {
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(location).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (response.statusCode() != 200) {
                response.body().close();
                throw new UpdateCenterException("could not read " + location + ": the server answered HTTP " + response.statusCode());
            }
            if (length != null) {
                length[0] = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            }
            return response.body();
        }
        default:
            throw new UpdateCenterException(location + " is neither an https, http nor file location");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? "the connection failed" : e.getMessage();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
