package io.modelfleet.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.modelfleet.api.image.ImageRejectedException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The agent's local inference endpoint, for applications on the device: {@code POST /v1/predict} with an image
 * ({@code image/png}, {@code image/jpeg}, {@code image/bmp}, {@code image/gif}: pre-processed by the model's image
 * contract; 415 for a model without one), or the same image as the one file part of a {@code multipart/form-data}
 * form (what browsers and {@code curl -F} send; then read exactly as a raw image), or with the inputs as
 * JSON ({@code {"inputs": {"features": [[...]]}}}, or the inputs object itself) answers the prediction and queues
 * the result for the server; {@code GET /v1/status} and {@code GET /health} tell how the agent is. It listens on
 * loopback by default: it has no authentication of its own.
 */
final class LocalInferenceServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalInferenceServer.class);
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** An encoded camera frame; decoding has its own limits on pixels and time. */
    static final int MAX_IMAGE_BYTES = 16 * 1024 * 1024;
    static final java.util.Set<String> IMAGE_TYPES = java.util.Set.of("image/png", "image/jpeg", "image/bmp", "image/gif");
    static final String FORM = "multipart/form-data";
    /** A file part may also say only that it is bytes (curl and browsers do for unknown extensions): then sniffed. */
    static final String UNTYPED_FILE = "application/octet-stream";
    /** A form holds the image plus its boundaries and part headers. */
    static final int MAX_FORM_BYTES = MAX_IMAGE_BYTES + 64 * 1024;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final HttpServer server;
    private final ExecutorService workers;
    private final EdgeAgent agent;

    LocalInferenceServer(EdgeAgent agent, String host, int port) throws IOException {
        this.agent = agent;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        this.workers = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
                r -> {
                    Thread thread = new Thread(r, "modelfleet-agent-http");
                    thread.setDaemon(true);
                    return thread;
                });
        server.setExecutor(workers);
        server.createContext("/v1/predict", this::predict);
        server.createContext("/v1/status", exchange -> respond(exchange, 200, agent.status()));
        server.createContext("/health", exchange -> {
            boolean ready = agent.models() != null && agent.models().current().isPresent();
            respond(exchange, ready ? 200 : 503, Map.of("status", ready ? "UP" : "NO_MODEL"));
        });
        server.start();
        LOG.info("Local inference endpoint on http://{}:{}/v1/predict", host, port);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void predict(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("method not allowed", "POST the inputs as JSON"));
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String mediaType = mediaType(contentType);
            boolean form = mediaType.equals(FORM);
            boolean image = form || IMAGE_TYPES.contains(mediaType);
            if (!image && !mediaType.isEmpty() && !mediaType.equals("application/json")) {
                respond(exchange, 415, error("unsupported media type", "POST the inputs as application/json, or an "
                        + "image as " + imageTypes() + " or as the file of a " + FORM + " form"));
                return;
            }
            byte[] body;
            if (form) {
                EncodedImage file;
                try {
                    file = imageOfForm(contentType, exchange.getRequestHeaders().getFirst("Content-Length"),
                            exchange.getRequestBody());
                } catch (FormRejectedException e) {
                    // answered before the rest of the body is drained (with the exchange), so the sender learns why
                    // at once rather than after uploading what will be thrown away
                    respond(exchange, e.status(), error(e.error(), e.detail()));
                    return;
                }
                body = file.bytes();
                mediaType = file.mediaType();
            } else {
                int limit = image ? MAX_IMAGE_BYTES : MAX_BODY_BYTES;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readNBytes(limit + 1);
                }
                if (body.length > limit) {
                    respond(exchange, 413, error("payload too large", "the limit is " + limit + " bytes"));
                    return;
                }
            }
            Map<String, Object> inputs = null;
            if (!image) {
                try {
                    inputs = inputsOf(Json.MAPPER.readValue(body, OBJECT));
                } catch (JsonProcessingException e) {
                    respond(exchange, 400, error("invalid JSON", e.getOriginalMessage()));
                    return;
                }
            }
            try {
                EdgeAgent.Result result = image ? agent.inferImage(body, mediaType, null) : agent.infer(inputs, null);
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("seq", result.seq());
                answer.put("model", result.model());
                answer.put("label", result.prediction().label());
                answer.put("score", result.prediction().score());
                answer.put("probabilities", result.prediction().probabilities());
                answer.put("latencyMs", result.prediction().latencyMs());
                if (result.preprocessMs() != null) {
                    answer.put("preprocessMs", result.preprocessMs());
                }
                answer.put("outputs", result.prediction().outputs());
                respond(exchange, 200, answer);
            } catch (ImageRejectedException e) {
                respond(exchange, e.httpStatus(), error(e.unsupportedType() ? "unsupported image" : "invalid image",
                        e.detail()));
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, error("invalid input", e.getMessage()));
            } catch (ModelManager.NoModelException e) {
                respond(exchange, 503, error("no model", e.getMessage()));
            } catch (Exception e) {
                respond(exchange, 500, error("inference failed", e.toString()));
            }
        }
    }

    /** An image as sent, with the media type it is taken for. */
    record EncodedImage(byte[] bytes, String mediaType) {
    }

    /**
     * The image of a multipart/form-data body: its one file part, held to what a raw image body is held to
     * ({@link #MAX_IMAGE_BYTES}, then the same decoding), so a form is only another envelope for the same request.
     * Text fields are refused rather than ignored: the endpoint takes none, and a dropped field would go unnoticed.
     */
    static EncodedImage imageOfForm(String contentType, String contentLength, InputStream body)
            throws FormRejectedException, IOException {
        MultipartReader form = new MultipartReader(body, contentType, MAX_FORM_BYTES);
        if (contentLength != null && contentLength.trim().matches("\\d{1,18}")
                && Long.parseLong(contentLength.trim()) > MAX_FORM_BYTES) {
            // refused before a byte is read
            throw FormRejectedException.tooLarge("the form is " + contentLength.trim() + " bytes; the limit is "
                    + MAX_FORM_BYTES + " (an image of up to " + MAX_IMAGE_BYTES + " bytes and the form around it)");
        }
        EncodedImage image = null;
        String imagePart = null;
        String textField = null;
        for (MultipartReader.Part part; (part = form.next()) != null;) {
            if (!part.isFile()) {
                textField = textField == null ? part.name() : textField;
                continue; // skipped within the form's limit; refused below with what else the form held
            }
            if (image != null) {
                throw FormRejectedException.malformed("the form has more than one file part ('" + imagePart + "', '"
                        + part.name() + "'); send one image per request");
            }
            String type = part.mediaType();
            boolean untyped = type.isEmpty() || type.equals(UNTYPED_FILE);
            if (!untyped && !IMAGE_TYPES.contains(type)) {
                throw FormRejectedException.unsupported("the file part '" + part.name() + "' is " + type
                        + "; send an image as " + imageTypes() + ", or as " + UNTYPED_FILE + " to have it recognised");
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            form.copyContent(bytes, MAX_IMAGE_BYTES);
            byte[] encoded = bytes.toByteArray();
            image = new EncodedImage(encoded, untyped ? sniffedImageType(encoded) : type);
            imagePart = part.name();
        }
        if (image == null) {
            throw FormRejectedException.malformed("the form has no file part" + (textField == null ? ""
                    : ", only the text field '" + textField + "'") + "; send the image as a file part (with curl: "
                    + "-F 'image=@frame.png')");
        }
        if (textField != null) {
            throw FormRejectedException.malformed("the form has the text field '" + textField + "' beside the image; "
                    + "/v1/predict takes the image file alone");
        }
        return image;
    }

    /**
     * The image type an untyped file's first bytes show, so a sampled frame reaches the server as what it is; bytes
     * that are none of them stay untyped, and decoding refuses them as it refuses any non-image.
     */
    static String sniffedImageType(byte[] bytes) {
        if (startsWith(bytes, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')) {
            return "image/png";
        }
        if (startsWith(bytes, 0xff, 0xd8, 0xff)) {
            return "image/jpeg";
        }
        if (startsWith(bytes, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        return startsWith(bytes, 'B', 'M') ? "image/bmp" : UNTYPED_FILE;
    }

    private static boolean startsWith(byte[] bytes, int... magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String imageTypes() {
        return String.join(", ", IMAGE_TYPES.stream().sorted().toList());
    }

    /** The media type of a Content-Type, lower case, without parameters; empty when there is none. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** {"inputs": {...}} or the inputs themselves. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> inputsOf(Map<String, Object> body) {
        Object wrapped = body.get("inputs");
        if (body.size() == 1 && wrapped instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        return body;
    }

    private static Map<String, String> error(String error, String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        return body;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
