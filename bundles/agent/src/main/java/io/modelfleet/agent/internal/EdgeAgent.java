package io.modelfleet.agent.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.awt.image.BufferedImage;

import io.modelfleet.api.image.ImageContract;
import io.modelfleet.api.image.ImageLimits;
import io.modelfleet.api.image.ImageRejectedException;
import io.modelfleet.api.image.Images;
import io.modelfleet.api.spi.runtime.FloatTensor;
import io.modelfleet.api.deployment.CollectionPolicy;
import io.modelfleet.api.deployment.DesiredState;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollRequest;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.api.edge.HeartbeatReply;
import io.modelfleet.api.inference.ReportedResult;
import io.modelfleet.api.spi.runtime.InferenceRuntime;
import io.modelfleet.api.spi.runtime.Prediction;

/**
 * One edge identity: enrollment, heartbeats, desired state (model, collection policy, agent release, settings),
 * model changes, agent releases ({@link AgentReleases}) and the result queue. Driven by {@link #tick()}, called
 * every second from a shared scheduler; a tick does what is due and never waits for a server that is away (each kind
 * of call backs off on its own).
 */
final class EdgeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);
    static final int MAX_BATCH = 500;
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
    private static final int BATCHES_PER_TICK = 20;

    private final AgentSettings settings;
    private final ServerClient server;
    private final Function<String, InferenceRuntime> runtimes;
    private final Supplier<DeviceInfo> device;
    private final Clock clock;
    private final ResultQueue queue;
    private final Backoff enrollBackoff = new Backoff(1_000, 60_000);
    private final Backoff heartbeatBackoff = new Backoff(1_000, 60_000);
    private final Backoff sendBackoff = new Backoff(500, 60_000);
    private final Backoff modelBackoff = new Backoff(2_000, 120_000);
    private final Map<Long, StatusReport> unsentReports = new ConcurrentHashMap<>();
    private final AgentReleases.Handling releaseHandling;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private volatile Identity identity;
    private volatile ModelManager models;
    private volatile AgentReleases releases;
    private volatile EdgeState state = EdgeState.PENDING;
    private volatile String appliedEtag;
    private volatile long nextHeartbeatMillis;
    private volatile long nextPollMillis;
    private volatile int heartbeatSeconds;
    private volatile String lastProblem;
    /** The collection policy the server pushed (kept across restarts); null: the local sampling settings apply. */
    private volatile CollectionPolicy serverCollection;
    /** The agent settings the server pushed (kept across restarts); null: the configuration's apply. */
    private volatile io.modelfleet.api.deployment.AgentSettings pushedSettings;
    /** What a new agent release must have seen in this run to prove itself: see {@link #provenHealthy()}. */
    private volatile boolean heartbeatSucceeded;
    private volatile boolean desiredStateReceived;
    private volatile boolean modelAssigned;

    /** An agent that does not install agent releases (a simulated one): it answers every agent update FAILED. */
    EdgeAgent(AgentSettings settings, HttpClient http, Function<String, InferenceRuntime> runtimes,
            Supplier<DeviceInfo> device, Clock clock) throws IOException {
        this(settings, http, runtimes, device, clock, new AgentReleases.Refusal(AgentReleases.SIMULATED));
    }

    EdgeAgent(AgentSettings settings, HttpClient http, Function<String, InferenceRuntime> runtimes,
            Supplier<DeviceInfo> device, Clock clock, AgentReleases.Handling releaseHandling) throws IOException {
        this.settings = settings;
        this.releaseHandling = releaseHandling;
        this.server = new ServerClient(http, settings.serverUrl());
        this.runtimes = runtimes;
        this.device = device;
        this.clock = clock;
        this.heartbeatSeconds = settings.heartbeatSeconds();
        Files.createDirectories(settings.dataDir());
        this.queue = new ResultQueue(settings.dataDir().resolve("queue"), settings.queueMaxBytes());
        this.serverCollection = loadCollection(settings.dataDir());
        this.pushedSettings = PushedSettings.load(settings.dataDir());
        this.heartbeatSeconds = configuredHeartbeatSeconds();
        Optional<Identity> saved = Identity.load(settings.dataDir());
        if (settings.identityFromFiles()) {
            becomes(givenIdentity(saved));
        } else if (saved.isPresent()) {
            becomes(saved.get());
        }
    }

    /**
     * The identity from the credential and server key files; they win over one kept in the data dir. It is not
     * written there: the secret stays where it was provisioned.
     */
    private Identity givenIdentity(Optional<Identity> saved) throws IOException {
        Identity given = Identity.fromFiles(server.baseUrl(), settings.name(), settings.credentialFile(),
                settings.serverKeyFile());
        saved.filter(kept -> kept.edgeId() != given.edgeId() || !kept.serverPublicKey().equals(given.serverPublicKey()))
                .ifPresent(kept -> LOG.warn("{} holds the identity of edge {}{}; the identity files win: this is edge {}",
                        settings.dataDir().resolve(Identity.FILE), kept.edgeId(),
                        kept.serverPublicKey().equals(given.serverPublicKey()) ? "" : " with another server key",
                        given.edgeId()));
        LOG.info("Edge {} with the credential in {} and the server key in {}; not enrolling", given.edgeId(),
                settings.credentialFile(), settings.serverKeyFile());
        return given;
    }

    private void becomes(Identity enrolled) throws IOException {
        try {
            ManifestVerifier verifier = new ManifestVerifier(enrolled.serverPublicKey(), enrolled.edgeId());
            server.useCredential(enrolled.credential());
            ModelManager manager = new ModelManager(settings.dataDir().resolve("models"), verifier, runtimes,
                    server::download, this::report, settings.health(), clock);
            manager.restore();
            this.releases = new AgentReleases(settings.dataDir(), releaseHandling, verifier, server::download,
                    this::flushReports, clock);
            this.models = manager;
            this.identity = enrolled;
        } catch (GeneralSecurityException e) {
            throw new IOException("the pinned server key in " + settings.dataDir().resolve(Identity.FILE)
                    + " is not an Ed25519 key", e);
        }
    }

    /** Does whatever is due; overlapping calls return at once. */
    void tick() {
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        try {
            long now = clock.millis();
            if (identity == null) {
                enroll(now);
                return;
            }
            models.restoreIfPending();
            if (now >= nextHeartbeatMillis && heartbeatBackoff.ready(now)) {
                heartbeat(now);
            }
            if (now >= nextPollMillis && modelBackoff.ready(now)) {
                pollDesiredState(now);
            }
            models.checkHealth();
            releases.confirmIfHealthy(provenHealthy());
            flushReports();
            sendResults(now);
        } catch (IOException | RuntimeException e) {
            lastProblem = e.toString();
            LOG.warn("Agent {} tick failed", settings.name(), e);
        } finally {
            ticking.set(false);
        }
    }

    private void enroll(long now) {
        if (!enrollBackoff.ready(now)) {
            return;
        }
        if (settings.enrollmentToken() == null || settings.enrollmentToken().isBlank()) {
            lastProblem = "not enrolled and no enrollment token configured";
            enrollBackoff.failed(now, 0);
            return;
        }
        try {
            ServerClient.EnrollReply reply = server.enroll(new EnrollRequest(settings.enrollmentToken(),
                    settings.name(), device.get()));
            Identity enrolled = new Identity(server.baseUrl(), reply.edgeId(), reply.name(), reply.credential(),
                    reply.serverPublicKey());
            enrolled.save(settings.dataDir());
            becomes(enrolled);
            enrollBackoff.succeeded();
            lastProblem = null;
            LOG.info("Enrolled as edge {} ({}); waiting for approval", reply.edgeId(), reply.name());
        } catch (IOException e) {
            long wait = enrollBackoff.failed(now, retryAfter(e));
            lastProblem = "enrollment failed: " + e.getMessage();
            LOG.warn("Enrollment failed, retrying in {} ms: {}", wait, e.getMessage());
        }
    }

    private void heartbeat(long now) {
        try {
            Optional<ModelManifest> current = models.current();
            HeartbeatReply reply = server.heartbeat(new Heartbeat(device.get(),
                    current.map(ModelManifest::reference).orElse(null), models.inferenceStatus()));
            heartbeatBackoff.succeeded();
            heartbeatSucceeded = true;
            state = reply.state();
            heartbeatSeconds = reply.heartbeatIntervalSeconds() > 0
                    ? Math.min(configuredHeartbeatSeconds(), reply.heartbeatIntervalSeconds())
                    : configuredHeartbeatSeconds();
            nextHeartbeatMillis = now + heartbeatSeconds * 1000L;
            if (reply.desiredStateEtag() != null && !reply.desiredStateEtag().equals(appliedEtag)) {
                nextPollMillis = now; // something changed: look now rather than at the next poll
            }
        } catch (IOException e) {
            heartbeatBackoff.failed(now, retryAfter(e));
            lastProblem = "heartbeat failed: " + e.getMessage();
        }
    }

    private void pollDesiredState(long now) {
        try {
            Optional<DesiredState> desired = server.desiredState(appliedEtag);
            nextPollMillis = now + pollSeconds() * 1000L;
            if (desired.isPresent()) {
                DesiredState target = desired.get();
                applySettings(target.settings(), now);
                if (target.model() == null) {
                    // the server assigns nothing: only an answer that arrived (no 304, no error) gets here
                    if (models.withdraw()) {
                        nextHeartbeatMillis = now; // report NO_MODEL now, not at the next beat
                    }
                } else if (models.wants(target.model())) {
                    models.apply(target.model());
                    nextHeartbeatMillis = now; // tell the server what runs now, not at the next beat
                }
                if (!java.util.Objects.equals(serverCollection, target.collection())) {
                    saveCollection(target.collection());
                }
                releases.apply(target.agent(), updateHealthSeconds());
                modelAssigned = target.model() != null;
                desiredStateReceived = true;
                appliedEtag = target.etag();
            }
            modelBackoff.succeeded();
        } catch (IOException e) {
            modelBackoff.failed(now, retryAfter(e));
            lastProblem = "desired state failed: " + e.getMessage();
        }
    }

    /**
     * Pushed settings replace the configured ones at once: a shorter interval moves the next heartbeat or poll
     * forward rather than waiting out the old one.
     */
    private void applySettings(io.modelfleet.api.deployment.AgentSettings pushed, long now) throws IOException {
        io.modelfleet.api.deployment.AgentSettings effective = pushed == null || pushed.isEmpty() ? null : pushed;
        if (java.util.Objects.equals(effective, pushedSettings)) {
            return;
        }
        PushedSettings.save(settings.dataDir(), effective);
        pushedSettings = effective;
        heartbeatSeconds = Math.min(heartbeatSeconds, configuredHeartbeatSeconds());
        nextHeartbeatMillis = Math.min(nextHeartbeatMillis, now + heartbeatSeconds * 1000L);
        nextPollMillis = Math.min(nextPollMillis, now + pollSeconds() * 1000L);
        LOG.info("Agent settings from the server: {}", effective == null ? "none (the configuration's)" : effective.text());
    }

    /** The heartbeat interval before the server's reply may shorten it: pushed, else configured. */
    private int configuredHeartbeatSeconds() {
        io.modelfleet.api.deployment.AgentSettings pushed = pushedSettings;
        return pushed != null && pushed.heartbeatSeconds() != null ? pushed.heartbeatSeconds() : settings.heartbeatSeconds();
    }

    int pollSeconds() {
        io.modelfleet.api.deployment.AgentSettings pushed = pushedSettings;
        return pushed != null && pushed.pollSeconds() != null ? pushed.pollSeconds() : settings.pollSeconds();
    }

    int heartbeatSeconds() {
        return heartbeatSeconds;
    }

    /** How long a new agent release has to prove itself: pushed, else {@link AgentReleases#DEFAULT_HEALTH_SECONDS}. */
    int updateHealthSeconds() {
        io.modelfleet.api.deployment.AgentSettings pushed = pushedSettings;
        return pushed != null && pushed.updateHealthSeconds() != null ? pushed.updateHealthSeconds()
                : AgentReleases.DEFAULT_HEALTH_SECONDS;
    }

    /**
     * A new agent release is healthy once, in this run, a heartbeat and a desired-state poll succeeded and, when a
     * model is assigned, a model serves (its runtime came up with the release's bundles).
     */
    boolean provenHealthy() {
        ModelManager manager = models;
        return heartbeatSucceeded && desiredStateReceived
                && (!modelAssigned || (manager != null && manager.current().isPresent()));
    }

    private static final String COLLECTION_FILE = "collection-policy";

    private static CollectionPolicy loadCollection(Path dataDir) {
        Path file = dataDir.resolve(COLLECTION_FILE);
        try {
            return Files.exists(file) ? CollectionPolicy.parse(Files.readString(file)) : null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the unreadable {} (the server sends the policy again): {}", file, e.getMessage());
            return null;
        }
    }

    private void saveCollection(CollectionPolicy policy) throws IOException {
        Path file = settings.dataDir().resolve(COLLECTION_FILE);
        if (policy == null) {
            Files.deleteIfExists(file);
        } else {
            Path part = settings.dataDir().resolve(COLLECTION_FILE + ".part");
            Files.writeString(part, policy.text());
            Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        serverCollection = policy;
        LOG.info("Collection policy from the server: {}", policy == null ? "none (local settings)" : policy.text());
    }

    /**
     * What to sample for a model: the server's policy when it pushed one (a threshold it leaves open is the model's
     * confidence threshold, else the local one), else the local settings; the size limit is always the device's.
     */
    SamplePolicy sampling(Map<String, String> modelMetadata) {
        CollectionPolicy pushed = serverCollection;
        SamplePolicy local = settings.sampling();
        if (pushed == null) {
            return local.forModel(modelMetadata);
        }
        SamplePolicy.Mode mode = SamplePolicy.Mode.valueOf(pushed.mode().name());
        SamplePolicy policy = new SamplePolicy(mode, pushed.threshold() == null ? local.threshold() : pushed.threshold(),
                pushed.rate() == null ? 0 : pushed.rate(), local.maxBytes());
        return pushed.threshold() == null ? policy.forModel(modelMetadata) : policy;
    }

    private void report(long deploymentId, StatusReport report) {
        unsentReports.put(deploymentId, report);
        flushReports();
    }

    /** The latest report per deployment and per agent update, until the server has it. */
    private void flushReports() {
        for (Map.Entry<Long, StatusReport> entry : unsentReports.entrySet()) {
            try {
                server.reportStatus(entry.getKey(), entry.getValue());
                unsentReports.remove(entry.getKey(), entry.getValue());
            } catch (ServerRejectedException e) {
                unsentReports.remove(entry.getKey(), entry.getValue());
                LOG.warn("Server refused status of deployment {}: {}", entry.getKey(), e.getMessage());
            } catch (IOException e) {
                return; // server away: next tick
            }
        }
        AgentReleases updates = releases;
        if (updates == null) {
            return;
        }
        for (Map.Entry<Long, StatusReport> entry : updates.unsentReports().entrySet()) {
            try {
                try {
                    server.reportAgentUpdateStatus(entry.getKey(), entry.getValue());
                } catch (ServerRejectedException e) {
                    LOG.warn("Server refused status of agent update {}: {}", entry.getKey(), e.getMessage());
                }
                updates.delivered(entry.getKey(), entry.getValue());
            } catch (IOException e) {
                return; // server away (or the state file not writable): next tick
            }
        }
    }

    private void sendResults(long now) {
        for (int batches = 0; batches < BATCHES_PER_TICK && sendBackoff.ready(now) && queue.pending() > 0; batches++) {
            try {
                List<ResultQueue.Entry> batch = queue.peek(MAX_BATCH, MAX_BATCH_BYTES);
                if (batch.isEmpty()) {
                    return;
                }
                ArrayNode body = Json.MAPPER.createArrayNode();
                for (ResultQueue.Entry entry : batch) {
                    ObjectNode result = (ObjectNode) Json.MAPPER.readTree(entry.payload());
                    result.put("seq", entry.seq());
                    body.add(result);
                }
                server.sendResults(Json.MAPPER.writeValueAsBytes(body));
                queue.acknowledge(batch.get(batch.size() - 1).seq());
                sent.addAndGet(batch.size());
                sendBackoff.succeeded();
            } catch (IOException e) {
                sendBackoff.failed(now, retryAfter(e));
                lastProblem = "sending results failed: " + e.getMessage();
                return;
            }
        }
    }

    private static long retryAfter(IOException e) {
        return e instanceof ServerUnavailableException unavailable ? unavailable.retryAfterMillis() : 0;
    }

    /** Runs an inference on the model in service and queues its result for the server. */
    Result infer(Map<String, Object> inputs, String inputRef) throws Exception {
        return infer(inputs, inputRef, () -> inputs);
    }

    /**
     * An encoded image (PNG, JPEG, BMP, GIF), decoded within {@link ImageLimits#DEFAULT} and pre-processed as the
     * model's image contract says; a sampled result carries the image itself ({@code {"image": {"mediaType",
     * "base64"}}}), so the edge source can import real frames.
     *
     * @throws ImageRejectedException when the model in service takes no images (415), or the image is not usable
     */
    Result inferImage(byte[] encoded, String mediaType, String inputRef) throws Exception {
        ModelManager manager = models;
        if (manager == null) {
            throw new ModelManager.NoModelException();
        }
        ModelManifest manifest = manager.current().orElseThrow(ModelManager.NoModelException::new);
        ImageContract contract;
        try {
            contract = ImageContract.of(manifest.metadata());
        } catch (IllegalArgumentException e) {
            throw ImageRejectedException.unsupported("the model in service has a broken image contract: " + e.getMessage());
        }
        if (contract == null) {
            throw ImageRejectedException.unsupported("the model in service (" + manifest.reference() + ") takes no "
                    + "images: its metadata has no image contract; send its inputs as JSON");
        }
        long start = System.nanoTime();
        BufferedImage image = Images.decode(encoded, ImageLimits.DEFAULT);
        Map<String, Object> inputs = Map.of(contract.input(), new FloatTensor(contract.shape(), Images.tensor(image, contract)));
        double preprocessMs = (System.nanoTime() - start) / 1e6;
        Result result = infer(inputs, inputRef, () -> Map.of("image", Map.of("mediaType", mediaType,
                "base64", java.util.Base64.getEncoder().encodeToString(encoded))));
        return new Result(result.seq(), result.model(), result.prediction(), preprocessMs);
    }

    private Result infer(Map<String, Object> inputs, String inputRef, java.util.function.Supplier<Object> sampleOf)
            throws Exception {
        ModelManager manager = models;
        if (manager == null) {
            throw new ModelManager.NoModelException();
        }
        ModelManager.Answer answer = manager.answer(inputs);
        Prediction prediction = answer.prediction();
        ModelManifest manifest = answer.manifest();
        ReportedResult result = new ReportedResult(0, Instant.now(clock), manifest == null ? null : manifest.reference(),
                null, prediction.label(), clampScore(prediction.score()), clampProbabilities(prediction.probabilities()),
                prediction.latencyMs(), inputRef);
        ObjectNode payload = Json.MAPPER.valueToTree(result);
        payload.remove("seq");
        payload.remove("sample");
        SamplePolicy sampling = sampling(manifest == null ? null : manifest.metadata());
        if (sampling.wants(result.score(), java.util.concurrent.ThreadLocalRandom.current())) {
            byte[] sample = Json.MAPPER.writeValueAsBytes(sampleOf.get());
            if (sample.length <= sampling.maxBytes()) {
                payload.set("sample", Json.MAPPER.readTree(sample));
            }
        }
        long seq = queue.append(Json.MAPPER.writeValueAsBytes(payload));
        return new Result(seq, manifest == null ? null : manifest.reference(), prediction, null);
    }

    /** The server accepts scores in [0, 1]; anything else (NaN, logits) is left out rather than rejected. */
    private static Double clampScore(Double score) {
        return score == null || score.isNaN() || score < 0 || score > 1 ? null : score;
    }

    private static Map<String, Double> clampProbabilities(Map<String, Double> probabilities) {
        if (probabilities == null || probabilities.size() > ReportedResult.MAX_PROBABILITIES
                || probabilities.values().stream().anyMatch(p -> p == null || p.isNaN() || p < 0 || p > 1)) {
            return null;
        }
        return probabilities;
    }

    /**
     * An inference's outcome as the agent's own API returns it; for an image, how long decoding and pre-processing
     * took (null for tensor inputs).
     */
    record Result(long seq, String model, Prediction prediction, Double preprocessMs) {
    }

    /**
     * For the local API and logs; {@code collection} is the sampling in force for the model in service and where it
     * comes from ({@code server} or {@code local}).
     */
    record Status(String name, Long edgeId, EdgeState state, String model, long queued, long dropped, long sent,
            String collection, String release, String lastProblem) {
    }

    Status status() {
        Identity id = identity;
        ModelManager manager = models;
        Optional<ModelManifest> current = manager == null ? Optional.empty() : manager.current();
        SamplePolicy sampling = sampling(current.map(ModelManifest::metadata).orElse(null));
        AgentReleases installed = releases;
        return new Status(settings.name(), id == null ? null : id.edgeId(), state,
                current.map(ModelManifest::reference).orElse(null), queue.pending(), queue.dropped(), sent.get(),
                sampling.text() + (serverCollection == null ? " (local)" : " (server)"),
                installed == null ? null : installed.running(), lastProblem);
    }

    /** An input that fits the model in service, for simulated traffic. */
    Optional<Map<String, Object>> sampleInput() {
        ModelManager manager = models;
        return manager == null ? Optional.empty() : manager.sampleInput();
    }

    ModelManager models() {
        return models;
    }

    @Override
    public void close() throws IOException {
        ModelManager manager = models;
        if (manager != null) {
            manager.close();
        }
        queue.close();
    }
}
