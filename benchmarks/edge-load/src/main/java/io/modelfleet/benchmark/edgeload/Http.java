package io.modelfleet.benchmark.edgeload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/** Synchronous JSON calls with Retry-After handling for 429 and 503. */
final class Http {

    static final int MAX_RETRIES = 50;
    static final long MAX_WAIT_MILLIS = 30_000;
    static final long DEFAULT_WAIT_MILLIS = 1_000;

    /** status and parsed body of the final attempt; elapsed covers all attempts including Retry-After waits. */
    record Reply(int status, JsonNode body, String raw, long elapsedNanos) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String describe() {
            String text = raw == null ? "" : raw;
            if (text.length() > 200) {
                text = text.substring(0, 200) + "...";
            }
            return "HTTP " + status + " " + text;
        }
    }

    private final HttpClient client;
    private final String base;
    private final ObjectMapper mapper;

    Http(String base, ObjectMapper mapper) {
        this.base = base;
        this.mapper = mapper;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A request URI on the server. */
    URI uri(String path) {
        return URI.create(base + path);
    }

    /** One exchange as given, no retries: the fleet simulation decides what a 429/503 means. */
    HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    Reply post(String path, String bearer, Object body, AtomicLong retries) throws IOException, InterruptedException {
        byte[] bytes = body == null ? null : mapper.writeValueAsBytes(body);
        return send(path, bearer, bytes, retries);
    }

    Reply send(String path, String bearer, byte[] body, AtomicLong retries) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpRequest request = b.build();
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if ((status == 429 || status == 503) && attempt < MAX_RETRIES) {
                retries.incrementAndGet();
                Thread.sleep(retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null)));
                continue;
            }
            long elapsed = System.nanoTime() - start;
            return new Reply(status, parse(response.body()), response.body(), elapsed);
        }
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** Retry-After as delta-seconds or HTTP-date; a missing or unreadable header waits one second. */
    static long retryAfterMillis(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_WAIT_MILLIS;
        }
        String h = header.trim();
        long millis;
        try {
            millis = Math.round(Double.parseDouble(h) * 1000);
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                millis = at.toInstant().toEpochMilli() - System.currentTimeMillis();
            } catch (RuntimeException e2) {
                return DEFAULT_WAIT_MILLIS;
            }
        }
        return Math.max(0, Math.min(MAX_WAIT_MILLIS, millis));
    }
}
