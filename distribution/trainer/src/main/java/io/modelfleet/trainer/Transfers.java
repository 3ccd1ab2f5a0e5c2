package io.modelfleet.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelfleet.api.support.csv.CsvReader;

/**
 * The trainer's HTTP side when the Job got presigned URLs instead of the artifact volume: GET inputs, PUT outputs
 * (one request each, JDK HttpClient, HTTP/1.1, no redirects). A request failing with an I/O error or a 5xx answer is
 * tried {@link #ATTEMPTS} times in all, 1 s and then 2 s apart. Messages show a URL without its query: the signature
 * in it is a credential.
 */
final class Transfers {
    static final int ATTEMPTS = 3;
    /** How long a request may wait for its answer's headers (a download's body then streams as long as it takes). */
    static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(5);
    /** The most lines a content manifest may hold (the backend hands over at most 100,000 item files). */
    static final int MAX_MANIFEST_ENTRIES = 100_000;
    private static final Pattern CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final PrintStream out;
    private final long retryMillis;

    Transfers(PrintStream out) {
        this(out, 1000);
    }

    Transfers(PrintStream out, long retryMillis) {
        this.out = out;
        this.retryMillis = retryMillis;
    }

    /** A URL for messages: scheme, host, port and path, no query (no signature). */
    static String shown(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
    }

    /** The body of a GET; the caller closes it. */
    InputStream open(URI url) throws IOException {
        return send(HttpRequest.newBuilder(url).timeout(HEADERS_TIMEOUT).GET().build(), "GET", url).body();
    }

    /** GETs the URL into the file (written under a temporary name, then renamed); a broken body is fetched again. */
    void download(URI url, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        for (int attempt = 1; ; attempt++) {
            InputStream in = open(url); // retries by itself
            try (in) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                break;
            } catch (IOException e) {
                if (attempt >= ATTEMPTS) {
                    throw new IOException("GET " + shown(url) + " broke off: " + e.getMessage(), e);
                }
                pause(attempt);
            }
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** PUTs the file to the URL. */
    void upload(Path file, URI url) throws IOException {
        send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), "PUT", url).body().close();
        out.println("uploaded " + file.getFileName() + " (" + Files.size(file) + " bytes) to " + shown(url));
    }

    /** The content manifest the backend wrote ({@code content,url}): content reference to its GET URL. */
    Map<String, URI> manifest(URI url) throws IOException {
        Map<String, URI> urls = new HashMap<>();
        try (InputStream in = open(url)) {
            CsvReader csv = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            List<String> header = csv.next();
            if (header == null || !header.equals(List.of("content", "url"))) {
                throw new IOException("the content manifest at " + shown(url) + " does not start with content,url");
            }
            for (List<String> record = csv.next(); record != null; record = csv.next()) {
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                if (record.size() != 2) {
                    throw new IOException("line " + csv.recordLine() + " of the content manifest has " + record.size()
                            + " fields, not 2");
                }
                if (urls.size() == MAX_MANIFEST_ENTRIES) {
                    throw new IOException("the content manifest holds more than " + MAX_MANIFEST_ENTRIES + " entries");
                }
                urls.put(record.get(0), URI.create(record.get(1)));
            }
        }
        return urls;
    }

    private HttpResponse<InputStream> send(HttpRequest request, String method, URI url) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() / 100 == 2) {
                    return response;
                }
                String body;
                try (InputStream in = response.body()) {
                    body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                }
                Matcher code = CODE.matcher(body);
                HttpStatusException failure = new HttpStatusException(method + " " + shown(url) + " answered "
                        + response.statusCode() + (code.find() ? " " + code.group(1) : "")
                        + (response.statusCode() == 403 ? " (an expired or wrong presigned URL?)" : ""),
                        response.statusCode());
                if (attempt >= ATTEMPTS || response.statusCode() < 500) {
                    throw failure;
                }
            } catch (HttpStatusException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= ATTEMPTS) {
                    throw new IOException(method + " " + shown(url) + " failed: " + e, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            pause(attempt);
        }
    }

    private void pause(int attempt) throws IOException {
        try {
            Thread.sleep(retryMillis * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A non-2xx answer. */
    static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpStatusException(String message, int status) {
            super(message);
            this.status = status;
        }
    }
}
