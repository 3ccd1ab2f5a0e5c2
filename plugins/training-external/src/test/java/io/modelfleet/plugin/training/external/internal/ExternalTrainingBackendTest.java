package io.modelfleet.plugin.training.external.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
import io.modelfleet.api.spi.training.TrainingBackend;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.spi.training.TrainingStatus;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.support.csv.CsvReader;
import io.modelfleet.api.support.csv.CsvWriter;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.storage.internal.FileSystemArtifactStore;
import io.modelfleet.testkit.ConfigAnnotations;
import io.modelfleet.testkit.TrainingBackendContract;

/**
 * The backend against a training service on a real HTTP server in the test, speaking the protocol the README
 * documents, and the filesystem artifact store.
 */
class ExternalTrainingBackendTest extends TrainingBackendContract {
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
        /** Complete submissions as they arrived: the body's bytes and its Content-Type. */
        final List<Upload> uploads = new CopyOnWriteArrayList<>();
        /** Submissions the service is done with, complete or broken off. */
        final AtomicInteger posts = new AtomicInteger();
        /** True: take the submission in and never answer (until closed). */
        volatile boolean hang;
        private final CountDownLatch closed = new CountDownLatch(1);

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
                    try {
                        byte[] body = exchange.getRequestBody().readAllBytes();
                        if (hang) {
                            closed.await(30, TimeUnit.SECONDS);
                            return;
                        }
                        uploads.add(new Upload(body, exchange.getRequestHeaders().getFirst("Content-Type")));
                        submissions.add(new String(body, StandardCharsets.UTF_8)
                                + "\nIdempotency-Key: " + exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                        String id = "job-" + submissions.size();
                        states.put(id, "{\"state\":\"QUEUED\"}");
                        reply(exchange, submitStatus.get(), submitStatus.get() < 300 ? "{\"id\":\"" + id + "\"}" : "{\"error\":\"no\"}");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        posts.incrementAndGet();
                    }
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
            closed.countDown();
            server.stop(0);
        }
    }

    record Upload(byte[] body, String contentType) {
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
        return backend(secret, 10, blobs);
    }

    private ExternalTrainingBackend backend(String secret, int timeoutSeconds, ArtifactStore store) {
        return new ExternalTrainingBackend(ConfigAnnotations.of(ExternalTrainingConfiguration.class, Map.of("id",
                "conductor", "displayName", "AI Conductor", "serviceUrl", service.url(), "apiToken", TOKEN,
                "callbackSecret", secret, "platformUrl", "https://fleet.example.com/", "pollSeconds", 10,
                "requestTimeoutSeconds", timeoutSeconds, "maxModelBytes", 1024L)), store, clock);
    }

    @Override
    protected TrainingBackend contractBackend() {
        return backend(SECRET);
    }

    @Override
    protected String unknownHandle() {
        return "training/runs/404#job-404";
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
        assertEquals("TABULAR", job.get("datasetKind").asText());
        assertEquals("csv", job.get("datasetFormat").asText());
        assertEquals("[]", job.get("models").toString());

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

    /** One part of a multipart body: its header lines and its bytes. */
    record Part(String headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The parts of a multipart/form-data body, by name, in order. */
    static Map<String, Part> parts(Upload upload) {
        String type = upload.contentType();
        assertTrue(type.startsWith("multipart/form-data; boundary="), type);
        byte[] delimiter = ("\r\n--" + type.substring(type.indexOf("boundary=") + "boundary=".length()))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = upload.body();
        // the body starts with the delimiter without its leading line break
        int start = delimiter.length - 2;
        assertArrayEquals(Arrays.copyOfRange(delimiter, 2, delimiter.length), Arrays.copyOf(body, start));
        Map<String, Part> parts = new LinkedHashMap<>();
        while (true) {
            if (body[start] == '-' && body[start + 1] == '-') {
                assertEquals("--\r\n", new String(body, start, body.length - start, StandardCharsets.US_ASCII),
                        "the closing delimiter ends the body");
                return parts;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
            int end = indexOf(body, delimiter, headersEnd + 4);
            assertTrue(end > 0, "every part is closed by a delimiter");
            String headers = new String(body, start + 2, headersEnd - start - 2, StandardCharsets.UTF_8);
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            assertTrue(name.find(), headers);
            parts.put(name.group(1), new Part(headers, Arrays.copyOfRange(body, headersEnd + 4, end)));
            start = end + delimiter.length;
        }
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Stores bytes under a key, as dataset imports and model copies do. */
    private void store(String key, byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "blob-", ".bin");
        Files.write(file, bytes);
        blobs.put(key, file);
    }

    /** A FILES dataset CSV (key,content,label) under {@code key}. */
    private void storeDataset(String key, List<List<String>> items) throws IOException {
        StringBuilder csv = new StringBuilder(CsvWriter.line(List.of("key", "content", "label")));
        items.forEach(item -> csv.append(CsvWriter.line(item)));
        store(key, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static TrainingRequest filesRequest(long runId, String datasetKey, List<ModelInput> models) {
        return new TrainingRequest(runId, "image-classification", "1.0.0", "{\"backbone\":\"mobilenet-v3:v1.2\"}", 7,
                datasetKey, "cat,dog", "training/runs/" + runId, DatasetKind.FILES, models);
    }

    @Test
    void filesRunsSendTheItemsAsAZipWithAManifestAndEachInputModelAsAPart() throws Exception {
        // keys as a folder import names them: the original extension (in any case), commas and quotes included
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put("cats/1.png", random(5_000, 1));
        contents.put("dogs/2.jpeg", random(200_000, 2)); // more than one copy buffer
        contents.put("unsorted/a, \"b\".PNG", random(10, 3));
        contents.put("no-extension", "BM-bytes".getBytes(StandardCharsets.UTF_8));
        contents.put("empty.bmp", new byte[0]);
        List<String> labels = java.util.Arrays.asList("cat", "dog", "", "dog", "");
        List<String> contentKeys = List.of("datasets/content/11.png", "datasets/content/22.jpeg",
                "datasets/content/33.png", "datasets/content/44.bmp", "datasets/content/55.bmp");
        List<List<String>> rows = new java.util.ArrayList<>();
        int i = 0;
        for (Map.Entry<String, byte[]> item : contents.entrySet()) {
            store(contentKeys.get(i), item.getValue());
            rows.add(List.of(item.getKey(), contentKeys.get(i), labels.get(i)));
            i++;
        }
        storeDataset("training/datasets/version-8.csv", rows);
        byte[] onnx = random(30_000, 4);
        store("training/models/3/model.onnx", onnx);
        ModelInput backbone = new ModelInput("backbone", "mobilenet-v3:v1.2", "training/models/3/model.onnx",
                sha256(onnx), Map.of("inputSize", "224", "layout", "NCHW"));

        String handle = backend(SECRET).submit(filesRequest(9, "training/datasets/version-8.csv", List.of(backbone)));
        assertEquals("training/runs/9#job-1", handle);
        assertTrue(service.submissions.get(0).endsWith("Idempotency-Key: modelfleet-run-9"));
        Map<String, Part> parts = parts(service.uploads.get(0));
        assertEquals(List.of("job", "dataset", "model.backbone"), List.copyOf(parts.keySet()));

        JsonNode job = JSON.readTree(parts.get("job").body());
        assertEquals("FILES", job.get("datasetKind").asText());
        assertEquals("zip", job.get("datasetFormat").asText());
        assertEquals("[\"cat\",\"dog\"]", job.get("labels").toString());
        assertEquals("mobilenet-v3:v1.2", job.get("parameters").get("backbone").asText());
        assertEquals(JSON.readTree("[{\"parameter\":\"backbone\",\"reference\":\"mobilenet-v3:v1.2\",\"sha256\":\""
                + sha256(onnx) + "\",\"metadata\":{\"inputSize\":\"224\",\"layout\":\"NCHW\"},"
                + "\"part\":\"model.backbone\"}]"), job.get("models"), "no artifact key: the service cannot read the store");

        Part dataset = parts.get("dataset");
        assertTrue(dataset.headers().contains("filename=\"dataset.zip\"\r\nContent-Type: application/zip"),
                dataset.headers());
        Path zipFile = Files.write(dir.resolve("received.zip"), dataset.body());
        try (ZipFile zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8)) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("manifest.csv", "items/000001.png", "items/000002.jpeg", "items/000003.PNG",
                    "items/000004.bmp", "items/000005.bmp"), names, "the manifest first, then the items in dataset order");
            List<List<String>> manifest = new java.util.ArrayList<>();
            try (InputStream in = zip.getInputStream(zip.getEntry("manifest.csv"))) {
                CsvReader csv = new CsvReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
                for (List<String> row = csv.next(); row != null; row = csv.next()) {
                    manifest.add(row);
                }
            }
            assertEquals(List.of("key", "file", "label"), manifest.get(0));
            assertEquals(contents.size(), manifest.size() - 1, "one manifest row per item");
            i = 0;
            for (Map.Entry<String, byte[]> item : contents.entrySet()) {
                List<String> row = manifest.get(i + 1);
                assertEquals(item.getKey(), row.get(0));
                assertEquals(labels.get(i), row.get(2), "labels as the dataset has them, empty for none");
                try (InputStream in = zip.getInputStream(zip.getEntry(row.get(1)))) {
                    assertArrayEquals(item.getValue(), in.readAllBytes(), row.get(1));
                }
                i++;
            }
        }

        Part model = parts.get("model.backbone");
        assertTrue(model.headers().contains("filename=\"backbone.onnx\"\r\nContent-Type: application/octet-stream"),
                model.headers());
        assertEquals(sha256(onnx), sha256(model.body()));
    }

    @Test
    void modelPartNamesAreSafeAndDistinctAndFilesKeepTheFormat() {
        List<String> names = ExternalTrainingBackend.modelParts(List.of(
                new ModelInput("backbone", "a:v1", "k1", "00", null),
                new ModelInput("back\"bone\r\n", "a:v1", "k2", "00", null),
                new ModelInput("back_bone__", "a:v1", "k3", "00", null),
                new ModelInput("", "a:v1", "k4", "00", null)));
        assertEquals(List.of("model.backbone", "model.back_bone__", "model.back_bone__-2", "model.model"), names);
        assertEquals("backbone.onnx", ExternalTrainingBackend.modelFile("model.backbone",
                new ModelInput("backbone", "a:v1", "training/models/ab12.onnx", "00", null)));
        assertEquals("encoder.tflite", ExternalTrainingBackend.modelFile("model.encoder",
                new ModelInput("encoder", "a:v1", "training/models/ab12.tflite", "00", null)));
        assertEquals("x.onnx", ExternalTrainingBackend.modelFile("model.x",
                new ModelInput("x", "a:v1", "training/models.v2/ab12", "00", null)), "no extension: onnx");
    }

    @Test
    void aMissingItemOrModelFailsTheSubmissionBeforeAnythingIsSent() throws Exception {
        store("datasets/content/11.png", random(100, 1));
        storeDataset("training/datasets/version-8.csv", List.of(List.of("cats/1.png", "datasets/content/11.png", "cat"),
                List.of("dogs/2.png", "datasets/content/gone.png", "dog")));
        ExternalTrainingBackend backend = backend(SECRET);
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> backend.submit(filesRequest(9, "training/datasets/version-8.csv", List.of())));
        assertEquals("item 'dogs/2.png' of the dataset has no stored content: datasets/content/gone.png is not in "
                + "the artifact store", missing.detail());

        storeDataset("training/datasets/version-9.csv", List.of(List.of("cats/1.png", "", "cat")));
        InvalidInputException none = assertThrows(InvalidInputException.class,
                () -> backend.submit(filesRequest(9, "training/datasets/version-9.csv", List.of())));
        assertTrue(none.detail().startsWith("item 'cats/1.png' of the dataset has no stored content"), none.detail());

        storeDataset("training/datasets/version-10.csv", List.of(List.of("cats/1.png", "datasets/content/11.png", "cat")));
        InvalidInputException noModel = assertThrows(InvalidInputException.class,
                () -> backend.submit(filesRequest(9, "training/datasets/version-10.csv",
                        List.of(new ModelInput("backbone", "mobilenet:v3", "training/models/404/model.onnx", "00", null)))));
        assertTrue(noModel.detail().contains("model mobilenet:v3 (parameter backbone) is not in the artifact store"),
                noModel.detail());
        assertEquals(0, service.posts.get(), "no request reached the service");
        assertEquals(List.of(), service.states.keySet().stream().toList(), "no job");
    }

    /** Waits until the service is done with {@code count} submissions, complete or not. */
    private void awaitPosts(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (service.posts.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, service.posts.get());
    }

    @Test
    void aFailureDuringTheUploadBreaksItOffSoTheServiceCreatesNoJob() throws Exception {
        byte[] image = random(300_000, 1);
        store("datasets/content/11.png", image);
        storeDataset("training/datasets/version-8.csv", List.of(List.of("cats/1.png", "datasets/content/11.png", "cat")));
        byte[] onnx = random(50_000, 2);
        store("training/models/3/model.onnx", onnx);
        ModelInput damaged = new ModelInput("backbone", "mobilenet:v3", "training/models/3/model.onnx",
                sha256("another model".getBytes(StandardCharsets.UTF_8)), null);
        ExternalTrainingBackend backend = backend(SECRET);
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> backend.submit(filesRequest(9, "training/datasets/version-8.csv", List.of(damaged))));
        assertTrue(refused.detail().startsWith("the copy of model mobilenet:v3 (parameter backbone) is damaged: "
                + "its SHA-256 is " + sha256(onnx)), refused.detail());
        awaitPosts(1);
        assertEquals(List.of(), service.submissions, "the body never ended, so no job");

        // an item that goes away after the check (the store answers its size but cannot open it)
        ArtifactStore vanishing = new ArtifactStore() {
            @Override
            public void put(String key, Path source) throws IOException {
                blobs.put(key, source);
            }

            @Override
            public InputStream open(String key, long offset) throws IOException {
                if (key.startsWith("datasets/content/")) {
                    throw new java.nio.file.NoSuchFileException(key);
                }
                return blobs.open(key, offset);
            }

            @Override
            public long size(String key) throws IOException {
                return blobs.size(key);
            }

            @Override
            public boolean delete(String key) throws IOException {
                return blobs.delete(key);
            }
        };
        IOException broken = assertThrows(IOException.class, () -> backend(SECRET, 10, vanishing)
                .submit(filesRequest(10, "training/datasets/version-8.csv", List.of())));
        assertEquals("item 'cats/1.png' of the dataset has no stored content: datasets/content/11.png is not in the "
                + "artifact store; the upload was broken off", broken.getMessage(), "retried: the next check fails it");
        awaitPosts(2);
        assertEquals(List.of(), service.submissions);
    }

    @Test
    void anUploadTakesAsLongAsItProgressesButAStalledServiceTimesOut() throws Exception {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            store("datasets/content/" + n + ".png", random(1000, n));
            rows.add(List.of("img/" + n + ".png", "datasets/content/" + n + ".png", "cat"));
        }
        storeDataset("training/datasets/version-8.csv", rows);
        // every read of an item takes 150 ms: the whole upload takes longer than the 1 s timeout
        ArtifactStore slow = new ArtifactStore() {
            @Override
            public void put(String key, Path source) throws IOException {
                blobs.put(key, source);
            }

            @Override
            public InputStream open(String key, long offset) throws IOException {
                InputStream in = blobs.open(key, offset);
                if (!key.startsWith("datasets/content/")) {
                    return in;
                }
                return new java.io.FilterInputStream(in) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        try {
                            Thread.sleep(150);
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                        return super.read(b, off, len);
                    }
                };
            }

            @Override
            public long size(String key) throws IOException {
                return blobs.size(key);
            }

            @Override
            public boolean delete(String key) throws IOException {
                return blobs.delete(key);
            }
        };
        ExternalTrainingBackend backend = backend(SECRET, 1, slow);
        long started = System.nanoTime();
        assertEquals("training/runs/9#job-1", backend.submit(filesRequest(9, "training/datasets/version-8.csv", List.of())));
        assertTrue(System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(1500), "the upload outlasted the timeout");

        service.hang = true;
        long stalled = System.nanoTime();
        assertThrows(java.net.http.HttpTimeoutException.class,
                () -> backend(SECRET, 1, blobs).submit(filesRequest(10, "training/datasets/version-8.csv", List.of())));
        assertTrue(System.nanoTime() - stalled < TimeUnit.SECONDS.toNanos(5), "given up after the pause, not later");
    }
}
