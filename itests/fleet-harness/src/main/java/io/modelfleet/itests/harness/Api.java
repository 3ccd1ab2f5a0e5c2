package io.modelfleet.itests.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small JSON client for the server's REST API and the agent's local API. */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private volatile String token;

    public record Reply(int status, JsonNode body) {
    }

    public Api(String base) {
        this.base = base;
    }

    /** The scheme, host and port requests go to. */
    public String base() {
        return base;
    }

    public void login(String username, String password) {
        Reply reply = send("POST", "/api/v1/auth/login", Map.of("username", username, "password", password));
        if (reply.status() != 200) {
            throw new IllegalStateException("login failed: " + reply);
        }
        token = reply.body().get("token").asText();
    }

    /** Sends another credential from now on, e.g. an edge's. */
    public void useToken(String credential) {
        token = credential;
    }

    /** A binary answer with its headers, e.g. an artifact download. */
    public record Raw(int status, byte[] body, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** GET with an optional Range header, answer as bytes. */
    public Raw raw(String path, String range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (range != null) {
            request.header("Range", range);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Raw(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            return exchange(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw body of the given media type, such as an image. */
    public Reply sendBytes(String method, String path, byte[] body, String contentType) {
        return exchange(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A text answer, e.g. Prometheus metrics. */
    public String text(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** multipart/form-data with a file part and text fields, as the web console sends it. */
    public Reply upload(String path, byte[] file, Map<String, String> fields) {
        return uploadFile(path, "model.onnx", file, fields);
    }

    public Reply uploadFile(String path, String fileName, byte[] file, Map<String, String> fields) {
        String boundary = "----mf" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return exchange(request);
    }

    private Reply exchange(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] bytes = response.body();
            JsonNode json = bytes.length == 0 ? null : JSON.readTree(bytes);
            return new Reply(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
