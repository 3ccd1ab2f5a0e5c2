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
 * contract; 415 for a model without one), or with the inputs as
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
            String mediaType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
            boolean image = IMAGE_TYPES.contains(mediaType);
            if (!image && !mediaType.isEmpty() && !mediaType.equals("application/json")) {
                respond(exchange, 415, error("unsupported media type", "POST the inputs as application/json, or an "
                        + "image as " + String.join(", ", IMAGE_TYPES.stream().sorted().toList())));
                return;
            }
            int limit = image ? MAX_IMAGE_BYTES : MAX_BODY_BYTES;
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(limit + 1);
            }
            if (body.length > limit) {
                respond(exchange, 413, error("payload too large", "the limit is " + limit + " bytes"));
                return;
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
