package io.modelfleet.itests.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A training service for the platform's external training backend (plugins/training-external, its README's
 * protocol) on a free port of 127.0.0.1: jobs stay RUNNING until {@link #finishAll()}, then SUCCEEDED with the given
 * model and {@code result.json}. Job state lives here, not in a server, so a run outlives the server that submitted
 * it. Every {@code POST jobs} is recorded with its {@code Idempotency-Key}; a repeated key gets the same job, as the
 * protocol asks.
 */
public final class ExternalTrainingService implements AutoCloseable {
    private final HttpServer server;
    private final byte[] model;
    private final byte[] result;
    private final Map<String, String> jobsByKey = new ConcurrentHashMap<>();
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final List<String> submissions = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger statusRequests = new AtomicInteger();

    public ExternalTrainingService(byte[] model, String resultJson) throws IOException {
        this.model = model.clone();
        this.result = resultJson.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "external-training-service");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/jobs", this::handle);
        server.start();
    }

    /** The {@code serviceUrl} for the backend's configuration. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The {@code Idempotency-Key} of every job submission received, in order. */
    public List<String> submissions() {
        return List.copyOf(submissions);
    }

    /** How often a job's state was asked for. */
    public int statusRequests() {
        return statusRequests.get();
    }

    /** Every job not cancelled succeeds from now on. */
    public void finishAll() {
        states.replaceAll((id, state) -> "RUNNING".equals(state) ? "SUCCEEDED" : state);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream()); // a submission's dataset: read to the end, not kept
            }
            String path = exchange.getRequestURI().getPath().replaceAll("^/jobs/?", "");
            String method = exchange.getRequestMethod();
            if (path.isEmpty() && "POST".equals(method)) {
                String key = String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                submissions.add(key);
                String id = jobsByKey.computeIfAbsent(key, k -> {
                    String job = "job-" + ids.incrementAndGet();
                    states.put(job, "RUNNING");
                    return job;
                });
                send(exchange, 201, "application/json", ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            String[] parts = path.split("/");
            String state = states.get(parts[0]);
            if (state == null) {
                send(exchange, 404, "text/plain", "no such job".getBytes(StandardCharsets.UTF_8));
            } else if (parts.length == 1 && "DELETE".equals(method)) {
                states.put(parts[0], "CANCELLED");
                send(exchange, 204, null, new byte[0]);
            } else if (parts.length == 1) {
                statusRequests.incrementAndGet();
                send(exchange, 200, "application/json", ("{\"state\":\"" + state + "\",\"progress\":"
                        + ("SUCCEEDED".equals(state) ? "1" : "0.5") + ",\"message\":\"" + state.toLowerCase() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (parts.length == 2 && "logs".equals(parts[1])) {
                send(exchange, 200, "text/plain", ("training " + parts[0] + ": " + state + "\n").getBytes(StandardCharsets.UTF_8));
            } else if (parts.length == 3 && "artifacts".equals(parts[1]) && "SUCCEEDED".equals(state)
                    && "model.onnx".equals(parts[2])) {
                send(exchange, 200, "application/octet-stream", model);
            } else if (parts.length == 3 && "artifacts".equals(parts[1]) && "SUCCEEDED".equals(state)
                    && "result.json".equals(parts[2])) {
                send(exchange, 200, "application/json", result);
            } else {
                send(exchange, 404, "text/plain", "not here".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
