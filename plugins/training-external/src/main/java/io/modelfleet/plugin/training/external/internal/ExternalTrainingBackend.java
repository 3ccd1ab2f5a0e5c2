package io.modelfleet.plugin.training.external.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.UnauthenticatedException;
import io.modelfleet.api.Validation;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.api.spi.training.TrainingBackend;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.spi.training.TrainingStatus;

/**
 * Trains on a separate HTTP training service. The protocol (see the plugin's README): {@code POST jobs} (multipart:
 * {@code job} JSON, the {@code dataset} as CSV or, for a FILES dataset, as a zip of the items with a manifest
 * ({@link DatasetArchive}), and one part per input model) answers a job id; {@code GET jobs/{id}} its state; {@code GET
 * jobs/{id}/logs}; {@code DELETE jobs/{id}} cancels; {@code GET jobs/{id}/artifacts/{file}} hands over the files
 * {@link TrainingOutputs} names. The service may also POST the job's state to the callback URL, signed with HMAC-SHA256
 * over {@code timestamp + "." + body}; a callback makes the state known at once, polling (at most every
 * {@code pollSeconds}) is the fallback. Job state lives on the service, so runs survive a restart of this server.
 */
@Component(service = { TrainingBackend.class, ExternalTrainingBackend.class },
        configurationPid = ExternalTrainingConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ExternalTrainingConfiguration.class, factory = true)
public final class ExternalTrainingBackend implements TrainingBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalTrainingBackend.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SIGNATURE_HEADER = "X-ModelFleet-Signature";
    static final String TIMESTAMP_HEADER = "X-ModelFleet-Timestamp";
    /** Callbacks older or newer than this are refused, so a captured one cannot be replayed later. */
    static final Duration CALLBACK_TOLERANCE = Duration.ofMinutes(5);
    static final int MAX_CALLBACK_BYTES = 64 * 1024;
    private static final int MAX_TEXT_BYTES = 4 * 1024 * 1024;
    private static final int MAX_KNOWN_JOBS = 4096;

    private record Known(TrainingStatus status, long fetchedAtMillis) {
    }

    private final PluginDescriptor descriptor;
    private final ExternalTrainingConfiguration config;
    private final URI service;
    private final ArtifactStore blobs;
    private final HttpClient http;
    private final Clock clock;
    /** The last state of recent jobs, oldest dropped first: final states are kept so they are answered from here. */
    private final Map<String, Known> known = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > MAX_KNOWN_JOBS;
        }
    });

    @Activate
    public ExternalTrainingBackend(ExternalTrainingConfiguration config, @Reference ArtifactStore blobs) {
        this(config, blobs, Clock.systemUTC());
    }

    ExternalTrainingBackend(ExternalTrainingConfiguration config, ArtifactStore blobs, Clock clock) {
        this.config = config;
        this.descriptor = new PluginDescriptor(config.id(), config.displayName(), "1.0.0",
                "Trains on the service at " + config.serviceUrl());
        Validation.required("serviceUrl", config.serviceUrl(), 2048);
        String base = config.serviceUrl().endsWith("/") ? config.serviceUrl() : config.serviceUrl() + "/";
        this.service = URI.create(base);
        if (!"http".equals(service.getScheme()) && !"https".equals(service.getScheme())) {
            throw new InvalidInputException("serviceUrl must be an http or https URL");
        }
        Validation.range("pollSeconds", config.pollSeconds(), 1, 3600);
        Validation.range("requestTimeoutSeconds", config.requestTimeoutSeconds(), 1, 3600);
        this.blobs = blobs;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    boolean acceptsCallbacks() {
        return !config.callbackSecret().isEmpty();
    }

    private HttpRequest.Builder request(String path) {
        return request(path, true);
    }

    /** @param timed false for an upload, whose time {@link #upload} limits by its progress instead */
    private HttpRequest.Builder request(String path, boolean timed) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(service.resolve(path));
        if (timed) {
            builder.timeout(Duration.ofSeconds(config.requestTimeoutSeconds()));
        }
        if (!config.apiToken().isEmpty()) {
            builder.header("Authorization", "Bearer " + config.apiToken());
        }
        return builder;
    }

    private static String jobPath(String jobId) {
        return "jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8);
    }

    /** The handle carries the output prefix, so a successful job's files find their place after a restart too. */
    static String handle(String outputPrefix, String jobId) {
        return outputPrefix + "#" + jobId;
    }

    private static String jobId(String handle) {
        return handle.substring(handle.lastIndexOf('#') + 1);
    }

    private static String outputPrefix(String handle) {
        return handle.substring(0, handle.lastIndexOf('#'));
    }

    @Override
    public String submit(TrainingRequest request) throws IOException, InterruptedException {
        boolean files = request.datasetKind() == DatasetKind.FILES;
        ObjectNode job = JSON.createObjectNode();
        job.put("runId", request.runId());
        job.put("solution", request.solutionTypeId());
        job.put("solutionVersion", request.solutionVersion());
        job.set("parameters", JSON.readTree(request.parametersJson()));
        job.put("seed", request.seed());
        job.set("labels", JSON.valueToTree(request.labels()));
        job.set("outputs", JSON.valueToTree(List.of(TrainingOutputs.MODEL, TrainingOutputs.RESULT,
                TrainingOutputs.PREDICTIONS)));
        if (acceptsCallbacks() && !config.platformUrl().isEmpty()) {
            job.put("callbackUrl", config.platformUrl().replaceAll("/+$", "") + "/api/v1/training-callbacks/"
                    + descriptor.id());
        }
        job.put("datasetKind", request.datasetKind().name());
        job.put("datasetFormat", files ? "zip" : "csv");
        List<String> modelParts = modelParts(request.models());
        ArrayNode models = job.putArray("models");
        for (int i = 0; i < request.models().size(); i++) {
            ModelInput model = request.models().get(i);
            if (blobs.size(model.key()) < 0) {
                throw new InvalidInputException("model " + model.reference() + " (parameter " + model.parameter()
                        + ") is not in the artifact store: " + model.key() + " is missing");
            }
            ObjectNode entry = models.addObject();
            entry.put("parameter", model.parameter());
            entry.put("reference", model.reference());
            entry.put("sha256", model.sha256());
            entry.set("metadata", JSON.valueToTree(model.metadata()));
            entry.put("part", modelParts.get(i));
        }
        // every item must be there before anything is sent: a hole found half-way would break the upload off
        int items = files ? DatasetArchive.check(blobs, request.datasetKey()) : -1;

        String boundary = "modelfleet-" + UUID.randomUUID();
        UploadBody body = new UploadBody();
        body.text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"job\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + JSON.writeValueAsString(job) + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"dataset\"; filename=\""
                + (files ? "dataset.zip\"\r\nContent-Type: application/zip" : "dataset.csv\"\r\nContent-Type: text/csv")
                + "\r\n\r\n");
        body.stream(files ? () -> DatasetArchive.open(blobs, request.datasetKey())
                : () -> blobs.open(request.datasetKey(), 0));
        for (int i = 0; i < request.models().size(); i++) {
            ModelInput model = request.models().get(i);
            String part = modelParts.get(i);
            body.text("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                    + modelFile(part, model) + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.stream(() -> UploadBody.verified(blobs.open(model.key(), 0), model));
        }
        body.text("\r\n--" + boundary + "--\r\n");
        HttpResponse<String> response = upload(request("jobs", false)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Idempotency-Key", "modelfleet-run-" + request.runId()), body);
        if (response.statusCode() >= 500) {
            throw new IOException("the training service failed with HTTP " + response.statusCode() + "; will retry");
        }
        if (response.statusCode() >= 400) {
            throw new InvalidInputException("the training service refused the job with HTTP " + response.statusCode()
                    + ": " + clip(response.body()));
        }
        String jobId = JSON.readTree(response.body()).path("id").asText("");
        if (jobId.isEmpty() || jobId.length() > 256) {
            throw new InvalidInputException("the training service answered no usable job id: " + clip(response.body()));
        }
        if (files) {
            LOG.info("Run {} submitted to {} as job {} with {} files and {} input models", request.runId(),
                    descriptor.id(), jobId, items, request.models().size());
        } else {
            LOG.info("Run {} submitted to {} as job {}", request.runId(), descriptor.id(), jobId);
        }
        return handle(request.outputPrefix(), jobId);
    }

    /**
     * Sends an upload. {@code requestTimeoutSeconds} limits each pause: the body not being read on (the service not
     * taking data), then the wait for the answer after the last byte; a large dataset may take as long as it takes to
     * transfer. A failure of the body itself is reported with its own message, a refusal (a damaged model) as such.
     */
    private HttpResponse<String> upload(HttpRequest.Builder request, UploadBody body)
            throws IOException, InterruptedException {
        long timeout = TimeUnit.SECONDS.toNanos(config.requestTimeoutSeconds());
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(
                request.POST(HttpRequest.BodyPublishers.ofInputStream(body)).build(), HttpResponse.BodyHandlers.ofString());
        try (body) {
            while (true) {
                long wait = timeout - body.idleNanos();
                if (wait <= 0) {
                    response.cancel(true);
                    throw new HttpTimeoutException("the training service neither took the upload on nor answered for "
                            + config.requestTimeoutSeconds() + " s; will retry");
                }
                try {
                    return response.get(wait, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // the body may have been read meanwhile: the next round measures the pause anew
                }
            }
        } catch (ExecutionException e) {
            throw uploadFailure(e.getCause());
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        }
    }

    private static IOException uploadFailure(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth++ < 20; cause = cause.getCause()) {
            if (cause instanceof ModelFleetException refused) {
                throw refused;
            }
        }
        depth = 0;
        for (Throwable cause = failure; cause != null && depth++ < 20; cause = cause.getCause()) {
            if (cause instanceof UploadBody.UploadException broken) {
                return new IOException(broken.getMessage() + "; the upload was broken off", failure);
            }
        }
        return failure instanceof IOException ? new IOException(failure.getMessage(), failure)
                : new IOException("the upload failed: " + failure, failure);
    }

    static final String MODEL_PART = "model.";

    /** The file name of a model's part: {@code <parameter>.<format>}, the format being its artifact's extension. */
    static String modelFile(String part, ModelInput model) {
        String key = model.key() == null ? "" : model.key();
        String format = key.substring(key.lastIndexOf('.') + 1);
        boolean named = key.lastIndexOf('.') > key.lastIndexOf('/') + 1 && format.matches("[A-Za-z0-9]{1,8}");
        return part.substring(MODEL_PART.length()) + "." + (named ? format : "onnx");
    }

    /** The multipart name of each model: {@code model.<parameter>}, other characters than [A-Za-z0-9._-] as '_'. */
    static List<String> modelParts(List<ModelInput> models) {
        java.util.Set<String> used = new java.util.HashSet<>();
        List<String> names = new java.util.ArrayList<>();
        for (ModelInput model : models) {
            String parameter = model.parameter() == null ? "" : model.parameter();
            String safe = parameter.replaceAll("[^A-Za-z0-9._-]", "_");
            safe = safe.isEmpty() ? "model" : safe.substring(0, Math.min(safe.length(), 100));
            String name = MODEL_PART + safe;
            for (int n = 2; !used.add(name); n++) {
                name = MODEL_PART + safe + "-" + n;
            }
            names.add(name);
        }
        return names;
    }

    @Override
    public TrainingStatus status(String handle) throws IOException, InterruptedException {
        String jobId = jobId(handle);
        Known last = known.get(jobId);
        // a final state never changes (and SUCCEEDED means the outputs are already taken over): no second download
        if (last != null && (isFinal(last.status().phase())
                || clock.millis() - last.fetchedAtMillis() < config.pollSeconds() * 1000L)) {
            return last.status();
        }
        HttpResponse<String> response = http.send(request(jobPath(jobId)).GET().build(), HttpResponse.BodyHandlers.ofString());
        TrainingStatus status;
        if (response.statusCode() == 404) {
            status = new TrainingStatus(TrainingPhase.FAILED, 0, "job " + jobId + " is unknown to the training service");
        } else if (response.statusCode() != 200) {
            throw new IOException("the training service answered HTTP " + response.statusCode() + " for job " + jobId);
        } else {
            status = parseStatus(JSON.readTree(response.body()));
        }
        if (status.phase() == TrainingPhase.SUCCEEDED) {
            String failure = fetchOutputs(jobId, outputPrefix(handle));
            if (failure != null) {
                status = new TrainingStatus(TrainingPhase.FAILED, status.progress(), failure);
            }
        }
        known.put(jobId, new Known(status, clock.millis()));
        return status;
    }

    private static boolean isFinal(TrainingPhase phase) {
        return phase == TrainingPhase.SUCCEEDED || phase == TrainingPhase.FAILED || phase == TrainingPhase.CANCELLED;
    }

    static TrainingStatus parseStatus(JsonNode body) {
        TrainingPhase phase;
        try {
            phase = TrainingPhase.valueOf(body.path("state").asText("").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new TrainingStatus(TrainingPhase.RUNNING, 0, "the service reports an unknown state '"
                    + clip(body.path("state").asText()) + "'");
        }
        double progress = body.path("progress").asDouble(phase == TrainingPhase.SUCCEEDED ? 1 : 0);
        String message = body.path("message").isTextual() ? clip(body.path("message").asText()) : phase.name().toLowerCase();
        return new TrainingStatus(phase, Double.isFinite(progress) ? Math.max(0, Math.min(1, progress)) : 0, message);
    }

    /** @return why the outputs could not be taken over, or null when they are in the artifact store */
    private String fetchOutputs(String jobId, String outputPrefix) throws IOException, InterruptedException {
        Map<String, Path> files = new LinkedHashMap<>();
        try {
            for (String name : List.of(TrainingOutputs.MODEL, TrainingOutputs.PREDICTIONS, TrainingOutputs.RESULT)) {
                HttpResponse<InputStream> response = http.send(request(jobPath(jobId) + "/artifacts/" + name).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    if (response.statusCode() == 404 && name.equals(TrainingOutputs.PREDICTIONS)) {
                        continue;
                    }
                    if (response.statusCode() >= 500 || response.statusCode() == 429) {
                        throw new IOException("the training service answered HTTP " + response.statusCode() + " for "
                                + name + "; will retry");
                    }
                    if (response.statusCode() != 200) {
                        return "the training service reported success but answered HTTP " + response.statusCode()
                                + " for " + name;
                    }
                    Path file = Files.createTempFile("modelfleet-external-", "-" + name);
                    files.put(name, file);
                    long limit = name.equals(TrainingOutputs.MODEL) ? config.maxModelBytes() : 256L * 1024 * 1024;
                    if (copy(in, file, limit) > limit) {
                        return name + " from the training service is larger than " + limit + " bytes";
                    }
                }
            }
            for (Map.Entry<String, Path> file : files.entrySet()) {
                // result.json goes last: the platform takes it as the sign that the outputs are complete
                String key = TrainingOutputs.key(outputPrefix, file.getKey());
                blobs.delete(key);
                blobs.put(key, file.getValue());
            }
            return null;
        } finally {
            for (Path file : files.values()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static long copy(InputStream in, Path file, long limit) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (var out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > limit) {
                    return total;
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    @Override
    public String logs(String handle, int tailLines) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request(jobPath(jobId(handle)) + "/logs?tail=" + tailLines).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                return "";
            }
            return new String(in.readNBytes(MAX_TEXT_BYTES), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void cancel(String handle) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(request(jobPath(jobId(handle))).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() >= 500) {
            throw new IOException("the training service answered HTTP " + response.statusCode() + " to the cancellation");
        }
        known.remove(jobId(handle));
    }

    /**
     * A state pushed by the service. Checked before anything is read from it: the signature over
     * {@code timestamp + "." + body} with the shared secret, and a timestamp within {@link #CALLBACK_TOLERANCE}.
     */
    void callback(String timestamp, String signature, byte[] body) throws IOException {
        if (!acceptsCallbacks()) {
            throw new UnauthenticatedException("backend " + descriptor.id() + " takes no callbacks");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            throw new UnauthenticatedException("the callback has no valid " + TIMESTAMP_HEADER);
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > CALLBACK_TOLERANCE.toSeconds()) {
            throw new UnauthenticatedException("the callback's timestamp is too far from now");
        }
        byte[] expected = ("sha256=" + sign(config.callbackSecret(), seconds + ".", body)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = (signature == null ? "" : signature.trim()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new UnauthenticatedException("the callback's signature does not match");
        }
        JsonNode update = JSON.readTree(body);
        String jobId = update.path("job").asText("");
        if (jobId.isEmpty()) {
            throw new InvalidInputException("the callback names no job");
        }
        TrainingStatus status = parseStatus(update);
        if (status.phase() == TrainingPhase.SUCCEEDED || status.phase() == TrainingPhase.FAILED) {
            // the next poll asks the service itself (and fetches the outputs) instead of waiting out pollSeconds
            known.remove(jobId);
        } else {
            known.put(jobId, new Known(status, clock.millis()));
        }
    }

    static String sign(String secret, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
