package io.modelfleet.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.deployment.DesiredState;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.edge.EnrollRequest;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.api.edge.HeartbeatReply;
import io.modelfleet.api.inference.IngestReply;

/** Edge protocol v1 over the JDK HTTP client. One instance per agent identity; the HttpClient is shared. */
final class ServerClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A download that receives nothing for this long is given up, to be resumed. */
    static final long STALL_MILLIS = 30_000;

    private final HttpClient http;
    private final String baseUrl;
    private volatile String credential;

    record EnrollReply(long edgeId, String name, String credential, String state, String serverPublicKey) {
    }

    ServerClient(HttpClient http, String serverUrl) {
        this.http = http;
        this.baseUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    }

    void useCredential(String credential) {
        this.credential = credential;
    }

    String baseUrl() {
        return baseUrl;
    }

    EnrollReply enroll(EnrollRequest request) throws IOException {
        return Json.MAPPER.readValue(send(json("/api/v1/edge/enroll", "POST", request, false)), EnrollReply.class);
    }

    HeartbeatReply heartbeat(Heartbeat heartbeat) throws IOException {
        return Json.MAPPER.readValue(send(json("/api/v1/edge/heartbeat", "POST", heartbeat, true)), HeartbeatReply.class);
    }

    /** Empty when the server answers 304 to our ETag. */
    Optional<DesiredState> desiredState(String etag) throws IOException {
        HttpRequest.Builder request = request("/api/v1/edge/desired-state", true).GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<byte[]> response = exchange(request.build());
        if (response.statusCode() == 304) {
            return Optional.empty();
        }
        return Optional.of(Json.MAPPER.readValue(check(response), DesiredState.class));
    }

    IngestReply sendResults(byte[] jsonArray) throws IOException {
        HttpRequest request = request("/api/v1/edge/results", true).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonArray)).build();
        return Json.MAPPER.readValue(send(request), IngestReply.class);
    }

    void reportStatus(long deploymentId, StatusReport report) throws IOException {
        send(json("/api/v1/edge/deployments/" + deploymentId + "/status", "PUT", report, true));
    }

    /** How far the agent got with installing an agent release (its agent update). */
    void reportAgentUpdateStatus(long updateId, StatusReport report) throws IOException {
        send(json("/api/v1/edge/agent-updates/" + updateId + "/status", "PUT", report, true));
    }

    /**
     * Downloads an artifact into {@code target}, resuming from what a previous attempt left there with a Range
     * request. Returns when the file holds {@code size} bytes.
     */
    void download(String path, Path target, long size) throws IOException {
        long have = Files.exists(target) ? Files.size(target) : 0;
        if (have > size) {
            Files.delete(target);
            have = 0;
        }
        if (have == size) {
            return;
        }
        // the timeout bounds the wait for the response headers only; the body is watched by copyUnlessStalled
        HttpRequest.Builder builder = request(path, true).GET();
        if (have > 0) {
            builder.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new ServerUnavailableException("cannot reach " + baseUrl + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status >= 500) {
                throw new ServerUnavailableException("download failed with " + status, 0, null);
            }
            if (status != 200 && status != 206) {
                throw new ServerRejectedException(status, new String(in.readNBytes(2048), StandardCharsets.UTF_8));
            }
            StandardOpenOption mode = status == 206 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
                copyUnlessStalled(in, out, path);
            }
        }
        if (Files.size(target) != size) {
            throw new ServerUnavailableException("download of " + path + " stopped at " + Files.size(target) + " of "
                    + size + " bytes; it resumes on the next attempt", 0, null);
        }
    }

    /**
     * Copies the body, giving up when no byte came for {@link #STALL_MILLIS}: the client's request timeout ends with
     * the response headers, and a link that dies without a FIN or RST would otherwise block the read, and with it the
     * agent's tick (heartbeats, results), for good. What arrived stays in the file for the next attempt's Range.
     */
    private static void copyUnlessStalled(InputStream in, OutputStream out, String path) throws IOException {
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean stalled = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            while (!done.get()) {
                if (System.nanoTime() - lastByte.get() > TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
                    stalled.set(true);
                    try {
                        in.close(); // unblocks the read with an IOException
                    } catch (IOException e) {
                        // closed either way
                    }
                    return;
                }
                try {
                    Thread.sleep(Math.min(1000, STALL_MILLIS));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "modelfleet-agent-download-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0;) {
                out.write(buffer, 0, n);
                lastByte.set(System.nanoTime());
            }
        } catch (IOException e) {
            if (stalled.get()) {
                throw new ServerUnavailableException("download of " + path + " stalled: no data for " + STALL_MILLIS / 1000
                        + " s; it resumes on the next attempt", 0, e);
            }
            throw e;
        } finally {
            done.set(true);
            watchdog.interrupt();
        }
    }

    private HttpRequest json(String path, String method, Object body, boolean authenticated) throws IOException {
        return request(path, authenticated).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build();
    }

    private HttpRequest.Builder request(String path, boolean authenticated) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (authenticated) {
            String current = credential;
            if (current == null) {
                throw new IllegalStateException("not enrolled");
            }
            builder.header("Authorization", "Bearer " + current);
        }
        return builder;
    }

    private byte[] send(HttpRequest request) throws IOException {
        return check(exchange(request));
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ServerUnavailableException("cannot reach " + baseUrl + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static byte[] check(HttpResponse<byte[]> response) throws IOException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        if (status == 429 || status >= 500) {
            long retryAfter = response.headers().firstValue("Retry-After").map(ServerClient::seconds).orElse(0L) * 1000;
            throw new ServerUnavailableException("server answered " + status, retryAfter, null);
        }
        throw new ServerRejectedException(status, errorText(response.body()));
    }

    private static long seconds(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String errorText(byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node.path("error").asText("") + (node.hasNonNull("detail") ? ": " + node.get("detail").asText() : "");
        } catch (IOException | RuntimeException e) {
            return new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        }
    }

}
