package io.modelfleet.plugin.training.external.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.UnauthenticatedException;
import io.modelfleet.api.spi.training.TrainingOutputs;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.spi.training.TrainingStatus;
import io.modelfleet.storage.internal.FileSystemArtifactStore;

/**
 * The backend against a training service on a real HTTP server in the test, speaking the protocol the README
 * documents, and the filesystem artifact store.
 */
class ExternalTrainingBackendTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "service-token";
    private static final String SECRET = "callback-secret";

    /** A training service: jobs in memory, states and files set by the test. */
    static final class Service implements AutoCloseable {
        final HttpServer server;
        final Map<String, String> states = new ConcurrentHashMap<>();
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        final List<String> submissions = new CopyOnWriteArrayList<>();
        final List<String> deleted = new CopyOnWriteArrayList<>();
        final AtomicInteger statusRequests = new AtomicInteger();
        final AtomicInteger artifactRequests = new AtomicInteger();
        final AtomicReference<Integer> artifactStatus = new AtomicReference<>(null);
        final AtomicReference<Integer> submitStatus = new AtomicReference<>(201);

        Service() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    reply(exchange, 401, "{\"error\":\"unauthorized\"}");
                    return;
                }
                String path = exchange.getRequestURI().getPath().substring("/api/".length());
                String[] parts = path.split("/");
                String method = exchange.getRequestMethod();
                if (method.equals("POST") && path.equals("jobs")) {
                    submissions.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                            + "\nIdempotency-Key: " + exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                    String id = "job-" + submissions.size();
                    states.put(id, "{\"state\":\"QUEUED\"}");
                    reply(exchange, submitStatus.get(), submitStatus.get() < 300 ? "{\"id\":\"" + id + "\"}" : "{\"error\":\"no\"}");
                } else if (method.equals("GET") && parts.length == 2) {
                    statusRequests.incrementAndGet();
                    String state = states.get(parts[1]);
                    reply(exchange, state == null ? 404 : 200, state == null ? "{}" : state);
                } else if (method.equals("GET") && parts.length == 3 && parts[2].equals("logs")) {
                    reply(exchange, 200, "epoch 1\nepoch 2\n");
                } else if (method.equals("GET") && parts.length == 4 && parts[2].equals("artifacts")) {
                    artifactRequests.incrementAndGet();
                    if (artifactStatus.get() != null) {
                        exchange.sendResponseHeaders(artifactStatus.get(), -1);
                        return;
                    }
                    byte[] file = files.get(parts[1] + "/" + parts[3]);
                    exchange.sendResponseHeaders(file == null ? 404 : 200, file == null ? -1 : file.length);
                    if (file != null) {
                        exchange.getResponseBody().write(file);
                    }
                } else if (method.equals("DELETE") && parts.length == 2) {
                    deleted.add(parts[1]);
                    exchange.sendResponseHeaders(states.remove(parts[1]) == null ? 404 : 204, -1);
                } else {
                    reply(exchange, 404, "{}");
                }
            }
        }

        private static void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @TempDir
    Path dir;
    private Service service;
    private FileSystemArtifactStore blobs;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        service = new Service();
        blobs = new FileSystemArtifactStore(dir.resolve("blobs"));
        blobs.put("training/datasets/version-7.csv", Files.writeString(dir.resolve("dataset.csv"), "a,b,label\n1,2,cat\n"));
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private ExternalTrainingBackend backend(String secret) {
        return new ExternalTrainingBackend(new ExternalTrainingConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ExternalTrainingConfiguration.class;
            }

            @Override
            public String id() {
                return "conductor";
            }

            @Override
            public String displayName() {
                return "AI Conductor";
            }

            @Override
            public String serviceUrl() {
                return service.url();
            }

            @Override
            public String apiToken() {
                return TOKEN;
            }

            @Override
            public String callbackSecret() {
                return secret;
            }

            @Override
            public String platformUrl() {
                return "https://fleet.example.com/";
            }

            @Override
            public int pollSeconds() {
                return 10;
            }

            @Override
            public int requestTimeoutSeconds() {
                return 10;
            }

            @Override
            public long maxModelBytes() {
                return 1024;
            }
        }, blobs, clock);
    }

    private static TrainingRequest request(long runId) {
        return new TrainingRequest(runId, "tabular-classification", "1.0.0", "{\"epochs\":5}", 42,
                "training/datasets/version-7.csv", "cat,dog", "training/runs/" + runId);
    }

    private byte[] stored(String key) throws IOException {
        try (InputStream in = blobs.open(key, 0)) {
            return in.readAllBytes();
        }
    }

    @Test
    void submitsJobAndDatasetFollowsTheJobAndTakesItsOutputsOver() throws Exception {
        ExternalTrainingBackend backend = backend(SECRET);
        String handle = backend.submit(request(5));
        assertEquals("training/runs/5#job-1", handle);
        String submission = service.submissions.get(0);
        String jobJson = submission.substring(submission.indexOf('{'), submission.indexOf("\r\n--"));
        JsonNode job = JSON.readTree(jobJson);
        assertEquals(5, job.get("runId").asLong());
        assertEquals(5, job.get("parameters").get("epochs").asInt());
        assertEquals("[\"cat\",\"dog\"]", job.get("labels").toString());
        assertEquals("https://fleet.example.com/api/v1/training-callbacks/conductor", job.get("callbackUrl").asText());
        assertTrue(submission.contains("filename=\"dataset.csv\"\r\nContent-Type: text/csv\r\n\r\na,b,label\n1,2,cat\n\r\n--"),
                submission);
        assertTrue(submission.endsWith("Idempotency-Key: modelfleet-run-5"), "the service can drop a resubmission");

        service.states.put("job-1", "{\"state\":\"running\",\"progress\":0.4,\"message\":\"epoch 2/5\"}");
        assertEquals(new TrainingStatus(TrainingPhase.RUNNING, 0.4, "epoch 2/5"), backend.status(handle));
        assertEquals("epoch 1\nepoch 2\n", backend.logs(handle, 100));

        service.states.put("job-1", "{\"state\":\"SUCCEEDED\"}");
        assertEquals(TrainingPhase.RUNNING, backend.status(handle).phase(), "polled at most every pollSeconds");
        byte[] model = "onnx-bytes".getBytes(StandardCharsets.UTF_8);
        service.files.put("job-1/" + TrainingOutputs.MODEL, model);
        service.files.put("job-1/" + TrainingOutputs.RESULT, "{\"metrics\":{\"accuracy\":0.9}}".getBytes(StandardCharsets.UTF_8));
        now.set(now.get().plusSeconds(11));
        service.artifactStatus.set(503);
        assertThrows(IOException.class, () -> backend.status(handle), "an outage while handing over is retried, not a failure");
        service.artifactStatus.set(null);
        assertEquals(TrainingPhase.SUCCEEDED, backend.status(handle).phase());
        int downloads = service.artifactRequests.get();
        now.set(now.get().plusSeconds(60));
        assertEquals(TrainingPhase.SUCCEEDED, backend.status(handle).phase(), "asked again (a retried registration)");
        assertEquals(downloads, service.artifactRequests.get(), "the outputs are not downloaded twice");
        assertArrayEquals(model, stored("training/runs/5/" + TrainingOutputs.MODEL));
        assertEquals("{\"metrics\":{\"accuracy\":0.9}}", new String(stored("training/runs/5/" + TrainingOutputs.RESULT),
                StandardCharsets.UTF_8));
        assertEquals(-1, blobs.size("training/runs/5/" + TrainingOutputs.PREDICTIONS), "predictions are optional");
    }

    @Test
    void failuresUnknownJobsAndMissingOrOversizeOutputsFailTheRunWithTheReason() throws Exception {
        ExternalTrainingBackend backend = backend(SECRET);
        String handle = backend.submit(request(6));
        service.states.put("job-1", "{\"state\":\"FAILED\",\"message\":\"CUDA out of memory\"}");
        assertEquals(new TrainingStatus(TrainingPhase.FAILED, 0, "CUDA out of memory"), backend.status(handle));
        TrainingStatus unknown = backend.status("training/runs/9#job-404");
        assertEquals(TrainingPhase.FAILED, unknown.phase());
        assertTrue(unknown.message().contains("unknown to the training service"), unknown.message());

        String second = backend.submit(request(7));
        service.states.put("job-2", "{\"state\":\"SUCCEEDED\"}");
        TrainingStatus noModel = backend.status(second);
        assertEquals(TrainingPhase.FAILED, noModel.phase());
        assertTrue(noModel.message().contains("HTTP 404 for model.onnx"), noModel.message());

        String third = backend.submit(request(8));
        service.states.put("job-3", "{\"state\":\"SUCCEEDED\"}");
        service.files.put("job-3/" + TrainingOutputs.MODEL, new byte[2048]);
        TrainingStatus oversize = backend.status(third);
        assertTrue(oversize.message().contains("larger than 1024 bytes"), oversize.message());
        assertEquals(-1, blobs.size("training/runs/8/" + TrainingOutputs.MODEL), "nothing half-taken");
    }

    @Test
    void refusalsFailAndOutagesAreRetried() throws Exception {
        ExternalTrainingBackend backend = backend(SECRET);
        service.submitStatus.set(422);
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> backend.submit(request(5)));
        assertTrue(refused.detail().contains("HTTP 422"), refused.detail());
        service.submitStatus.set(503);
        assertThrows(IOException.class, () -> backend.submit(request(5)), "the coordinator submits again later");
    }

    @Test
    void cancelDeletesTheJob() throws Exception {
        ExternalTrainingBackend backend = backend(SECRET);
        String handle = backend.submit(request(5));
        backend.cancel(handle);
        assertEquals(List.of("job-1"), service.deleted);
        backend.cancel(handle);
        assertEquals(2, service.deleted.size(), "cancelling a gone job is fine");
    }

    private static String signature(String secret, long timestamp, String body) {
        return "sha256=" + ExternalTrainingBackend.sign(secret, timestamp + ".", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void signedCallbacksUpdateTheStateAtOnceAndForgedOnesAreRefused() throws Exception {
        ExternalTrainingBackend backend = backend(SECRET);
        TrainingCallbackResource resource = new TrainingCallbackResource();
        resource.addBackend(backend);
        String handle = backend.submit(request(5));
        service.states.put("job-1", "{\"state\":\"RUNNING\",\"progress\":0.1}");
        assertEquals(0.1, backend.status(handle).progress());
        int polls = service.statusRequests.get();

        long ts = now.get().getEpochSecond();
        String running = "{\"job\":\"job-1\",\"state\":\"RUNNING\",\"progress\":0.7,\"message\":\"epoch 7\"}";
        resource.callback("conductor", Long.toString(ts), signature(SECRET, ts, running),
                new ByteArrayInputStream(running.getBytes(StandardCharsets.UTF_8)));
        assertEquals(new TrainingStatus(TrainingPhase.RUNNING, 0.7, "epoch 7"), backend.status(handle));
        assertEquals(polls, service.statusRequests.get(), "the callback spared a poll");

        service.states.put("job-1", "{\"state\":\"SUCCEEDED\"}");
        service.files.put("job-1/" + TrainingOutputs.MODEL, new byte[] { 1 });
        service.files.put("job-1/" + TrainingOutputs.RESULT, "{}".getBytes(StandardCharsets.UTF_8));
        String done = "{\"job\":\"job-1\",\"state\":\"SUCCEEDED\"}";
        resource.callback("conductor", Long.toString(ts), signature(SECRET, ts, done),
                new ByteArrayInputStream(done.getBytes(StandardCharsets.UTF_8)));
        assertEquals(TrainingPhase.SUCCEEDED, backend.status(handle).phase(), "no waiting for the poll interval");

        String forged = "{\"job\":\"job-1\",\"state\":\"FAILED\"}";
        assertThrows(UnauthenticatedException.class, () -> backend.callback(Long.toString(ts),
                signature("guessed-secret", ts, forged), forged.getBytes(StandardCharsets.UTF_8)));
        assertThrows(UnauthenticatedException.class, () -> backend.callback(Long.toString(ts),
                signature(SECRET, ts, done), forged.getBytes(StandardCharsets.UTF_8)), "signature of another body");
        long old = ts - 600;
        assertThrows(UnauthenticatedException.class, () -> backend.callback(Long.toString(old),
                signature(SECRET, old, forged), forged.getBytes(StandardCharsets.UTF_8)), "a replay from 10 minutes ago");
        assertThrows(UnauthenticatedException.class, () -> backend.callback(null, null, forged.getBytes(StandardCharsets.UTF_8)));
        assertThrows(NotFoundException.class, () -> resource.callback("nobody", Long.toString(ts), "x",
                new ByteArrayInputStream(new byte[0])));

        ExternalTrainingBackend pollOnly = backend("");
        assertFalse(pollOnly.acceptsCallbacks());
        assertThrows(UnauthenticatedException.class, () -> pollOnly.callback(Long.toString(ts),
                signature("any", ts, forged), forged.getBytes(StandardCharsets.UTF_8)));
    }
}
