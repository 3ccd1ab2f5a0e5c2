package io.modelfleet.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;

import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.edge.InferenceStatus;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.runtime.InferenceRuntime;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;

/**
 * The model an agent runs, and how it changes. A new model is verified (signature, then size and sha256) before
 * anything else, loaded and warmed up beside the running one, and swapped in atomically: requests that started on
 * the old session finish there. The old model stays loaded through the health window so a rollback is instant; the
 * manifest of the model in service is kept on disk so a restarted agent serves it again at once, offline too.
 */
final class ModelManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);
    private static final TypeReference<Set<Long>> LONG_SET = new TypeReference<>() {
    };

    /** Reports status changes to the server (queued and retried by the caller). */
    interface StatusSink {
        void report(long deploymentId, StatusReport report);
    }

    /** Downloads an artifact to a file, resuming; the server client in production. */
    interface Downloader {
        void download(String path, Path target, long size) throws IOException;
    }

    private final Path dir;
    private final ManifestVerifier verifier;
    private final Function<String, InferenceRuntime> runtimes;
    private final Downloader downloader;
    private final StatusSink status;
    private final HealthPolicy health;
    private final Clock clock;
    private final AtomicReference<ActiveModel> active = new AtomicReference<>();
    private final Set<Long> failedDeployments = ConcurrentHashMap.newKeySet();
    private volatile Probation probation;
    private volatile boolean restorePending;

    /** The window after a swap, with the model to go back to. */
    private final class Probation {
        final ActiveModel candidate;
        final ActiveModel previous;
        final long untilMillis;
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder latencyMicros = new LongAdder();

        Probation(ActiveModel candidate, ActiveModel previous, long untilMillis) {
            this.candidate = candidate;
            this.previous = previous;
            this.untilMillis = untilMillis;
        }
    }

    ModelManager(Path dir, ManifestVerifier verifier, Function<String, InferenceRuntime> runtimes,
            Downloader downloader, StatusSink status, HealthPolicy health, Clock clock) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.verifier = verifier;
        this.runtimes = runtimes;
        this.downloader = downloader;
        this.status = status;
        this.health = health;
        this.clock = clock;
        Path failed = dir.resolve("failed.json");
        if (Files.exists(failed)) {
            failedDeployments.addAll(Json.MAPPER.readValue(failed.toFile(), LONG_SET));
        }
    }

    /**
     * Serves the model that was in service before a restart, if its files still check out. Runtimes are tracked as
     * they come, so at start-up its runtime may not be there yet: then {@link #restoreIfPending()} tries again.
     */
    synchronized void restore() {
        restorePending = false;
        Path current = dir.resolve("current.json");
        if (!Files.exists(current)) {
            return;
        }
        try {
            SignedManifest signed = Json.MAPPER.readValue(current.toFile(), SignedManifest.class);
            // an old manifest may have expired since; the signature and the file must still check out
            ModelManifest manifest = verifier.verify(signed, signed.manifest().issuedAt());
            if (runtimes.apply(manifest.format()) == null) {
                restorePending = true;
                return;
            }
            Path artifact = artifactPath(manifest);
            ManifestVerifier.verifyArtifact(manifest, artifact);
            LoadedModel model = runtime(manifest).load(artifact, manifest.metadata());
            active.set(new ActiveModel(manifest, model));
            LOG.info("Serving {} again (deployment {})", manifest.reference(), manifest.deploymentId());
        } catch (Exception e) {
            LOG.warn("Cannot serve the model from before the restart: {}", e.toString());
        }
    }

    /** Restores the model from before the restart once its runtime has arrived, unless another one serves already. */
    void restoreIfPending() {
        if (restorePending) {
            synchronized (this) {
                if (restorePending && active.get() == null) {
                    restore();
                } else {
                    restorePending = false;
                }
            }
        }
    }

    Optional<ModelManifest> current() {
        ActiveModel model = active.get();
        return model == null ? Optional.empty() : Optional.of(model.manifest());
    }

    Optional<Map<String, Object>> sampleInput() {
        ActiveModel model = active.get();
        return model == null ? Optional.empty() : Optional.of(model.model().sampleInput());
    }

    InferenceStatus inferenceStatus() {
        return active.get() == null ? InferenceStatus.NO_MODEL : InferenceStatus.READY;
    }

    /** True when this deployment needs work: not the one in service and not one that already failed here. */
    boolean wants(SignedManifest signed) {
        if (signed == null || signed.manifest() == null) {
            return false;
        }
        long deploymentId = signed.manifest().deploymentId();
        ActiveModel current = active.get();
        return !failedDeployments.contains(deploymentId)
                && (current == null || current.manifest().deploymentId() != deploymentId);
    }

    /**
     * Takes a deployment from manifest to service, reporting each step. Failures before the swap leave the running
     * model untouched and mark the deployment failed here, so it is not retried until the server assigns anew.
     * Network failures during download are thrown for the caller to retry with backoff.
     */
    synchronized void apply(SignedManifest signed) throws IOException {
        if (!wants(signed)) {
            return;
        }
        long deploymentId = signed.manifest().deploymentId();
        ModelManifest manifest;
        try {
            manifest = verifier.verify(signed, clock.instant());
        } catch (ManifestVerifier.VerificationException e) {
            fail(deploymentId, EdgeDeploymentStatus.FAILED, "rejected before download: " + e.getMessage());
            return;
        }
        InferenceRuntime runtime = runtimes.apply(manifest.format());
        if (runtime == null) {
            fail(deploymentId, EdgeDeploymentStatus.FAILED, "no runtime for format '" + manifest.format() + "' on this edge");
            return;
        }
        Path artifact = artifactPath(manifest);
        if (!Files.exists(artifact)) {
            status.report(deploymentId, new StatusReport(EdgeDeploymentStatus.DOWNLOADING, null));
            Path partial = dir.resolve(manifest.sha256() + ".part");
            downloader.download(manifest.artifactPath(), partial, manifest.sizeBytes());
            try {
                ManifestVerifier.verifyArtifact(manifest, partial);
            } catch (ManifestVerifier.VerificationException e) {
                Files.deleteIfExists(partial);
                fail(deploymentId, EdgeDeploymentStatus.FAILED, "rejected before loading: " + e.getMessage());
                return;
            }
            Files.move(partial, artifact, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            try {
                ManifestVerifier.verifyArtifact(manifest, artifact);
            } catch (ManifestVerifier.VerificationException e) {
                Files.deleteIfExists(artifact);
                fail(deploymentId, EdgeDeploymentStatus.FAILED, "cached artifact no longer matches: " + e.getMessage());
                return;
            }
        }
        status.report(deploymentId, new StatusReport(EdgeDeploymentStatus.VERIFIED, null));

        LoadedModel loaded;
        try {
            loaded = runtime.load(artifact, manifest.metadata());
        } catch (Exception e) {
            fail(deploymentId, EdgeDeploymentStatus.FAILED, "cannot load the model: " + e.getMessage());
            return;
        }
        String warmupProblem = warmUp(loaded);
        if (warmupProblem != null) {
            loaded.close();
            fail(deploymentId, EdgeDeploymentStatus.FAILED, "health check before swap failed: " + warmupProblem
                    + (active.get() == null ? "" : "; still serving " + active.get().manifest().reference()));
            return;
        }
        finishProbation();
        ActiveModel candidate = new ActiveModel(manifest, loaded);
        ActiveModel previous = active.getAndSet(candidate);
        probation = new Probation(candidate, previous, clock.millis() + health.windowMillis());
        persist(signed);
        status.report(deploymentId, new StatusReport(EdgeDeploymentStatus.ACTIVE,
                previous == null ? null : "replaced " + previous.manifest().reference()));
        LOG.info("Now serving {} (deployment {})", manifest.reference(), deploymentId);
    }

    /**
     * The server assigns no model any more (a rollout was rolled back where the edge had none before): the model in
     * service, and one kept for a rollback, close once their last requests end, and the manifest in service is
     * forgotten so that a restart does not bring the model back. No status is reported: there is no deployment.
     *
     * @return whether a model was in service (or waiting for its runtime to come back after a restart)
     */
    synchronized boolean withdraw() {
        Probation watching = probation;
        probation = null;
        if (watching != null && watching.previous != null) {
            watching.previous.retire();
        }
        ActiveModel withdrawn = active.getAndSet(null);
        if (withdrawn != null) {
            withdrawn.retire();
        }
        boolean restoring = restorePending;
        restorePending = false;
        try {
            Files.deleteIfExists(dir.resolve("current.json"));
        } catch (IOException e) {
            LOG.warn("Cannot forget the withdrawn model; a restart would serve it again: {}", e.toString());
        }
        if (withdrawn != null) {
            LOG.info("The server assigns no model any more: {} (deployment {}) is out of service",
                    withdrawn.manifest().reference(), withdrawn.manifest().deploymentId());
        } else if (restoring) {
            LOG.info("The server assigns no model any more: the model from before the restart is not served again");
        }
        return withdrawn != null || restoring;
    }

    private String warmUp(LoadedModel model) {
        Map<String, Object> sample = model.sampleInput();
        double worst = 0;
        for (int i = 0; i < health.warmupRuns(); i++) {
            long start = System.nanoTime();
            try {
                model.predict(sample);
            } catch (Exception e) {
                return "warm-up inference " + (i + 1) + " failed: " + e.getMessage();
            }
            // the first run pays for lazy initialization; judge the rest
            if (i > 0 || health.warmupRuns() == 1) {
                worst = Math.max(worst, (System.nanoTime() - start) / 1e6);
            }
        }
        if (worst > health.maxLatencyMs()) {
            return String.format("warm-up latency %.1f ms is over the limit of %.1f ms", worst, health.maxLatencyMs());
        }
        return null;
    }

    /** A prediction and the model that made it. */
    record Answer(Prediction prediction, ModelManifest manifest) {
    }

    /** Runs one inference on the model in service. */
    Prediction predict(Map<String, Object> inputs) throws Exception {
        return answer(inputs).prediction();
    }

    /**
     * Runs one inference on the model in service. While a new model is on probation, a request it fails is answered
     * by the previous model, which stays loaded through the window: the failure counts against the new model, and the
     * caller gets an answer rather than an error (a bad model must not cost requests, only its own rollout).
     */
    Answer answer(Map<String, Object> inputs) throws Exception {
        while (true) {
            ActiveModel model = active.get();
            if (model == null) {
                throw new NoModelException();
            }
            if (!model.acquire()) {
                continue; // swapped and closed between the read and the acquire: read again
            }
            Probation watching = probation;
            boolean onProbation = watching != null && watching.candidate == model;
            long start = System.nanoTime();
            try {
                Prediction prediction = model.model().predict(inputs);
                if (onProbation) {
                    watching.requests.increment();
                    watching.latencyMicros.add((System.nanoTime() - start) / 1000);
                }
                return new Answer(prediction, model.manifest());
            } catch (IllegalArgumentException e) {
                throw e; // the caller's input, not the model's health
            } catch (Exception e) {
                if (onProbation) {
                    watching.requests.increment();
                    watching.errors.increment();
                    Answer fallback = answerWith(watching.previous, inputs);
                    if (fallback != null) {
                        LOG.debug("{} failed a request on probation, {} answered it: {}", model.manifest().reference(),
                                fallback.manifest().reference(), e.toString());
                        return fallback;
                    }
                }
                throw e;
            } finally {
                model.release();
                if (onProbation) {
                    judge(watching, false);
                }
            }
        }
    }

    /** The previous model's answer, or null when there is none, it is gone already, or it fails too. */
    private static Answer answerWith(ActiveModel previous, Map<String, Object> inputs) {
        if (previous == null || !previous.acquire()) {
            return null;
        }
        try {
            return new Answer(previous.model().predict(inputs), previous.manifest());
        } catch (Exception e) {
            return null;
        } finally {
            previous.release();
        }
    }

    /** Called after requests and by the agent's tick: rolls back a failing candidate, or ends a passed window. */
    void checkHealth() {
        Probation watching = probation;
        if (watching != null) {
            judge(watching, true);
        }
    }

    private void judge(Probation watching, boolean timeMayEnd) {
        long requests = watching.requests.sum();
        String problem = null;
        if (requests >= health.minRequests()) {
            double errorRate = (double) watching.errors.sum() / requests;
            long successes = requests - watching.errors.sum();
            double meanLatency = successes == 0 ? 0 : watching.latencyMicros.sum() / 1000.0 / successes;
            if (errorRate > health.maxErrorRate()) {
                problem = String.format("error rate %.0f%% over %d requests is above %.0f%%", errorRate * 100,
                        requests, health.maxErrorRate() * 100);
            } else if (meanLatency > health.maxLatencyMs()) {
                problem = String.format("mean latency %.1f ms is above %.1f ms", meanLatency, health.maxLatencyMs());
            }
        }
        if (problem != null) {
            rollBack(watching, problem);
        } else if (timeMayEnd && clock.millis() >= watching.untilMillis) {
            finishProbation();
        }
    }

    private synchronized void rollBack(Probation watching, String problem) {
        if (probation != watching) {
            return; // judged already
        }
        probation = null;
        active.compareAndSet(watching.candidate, watching.previous);
        watching.candidate.retire();
        long deploymentId = watching.candidate.manifest().deploymentId();
        if (watching.previous != null) {
            persistManifestOf(watching.previous);
        } else {
            deleteQuietly(dir.resolve("current.json"));
        }
        fail(deploymentId, EdgeDeploymentStatus.ROLLED_BACK, "health check after swap failed: " + problem
                + (watching.previous == null ? "; no model in service now" : "; serving "
                        + watching.previous.manifest().reference() + " again"));
        LOG.warn("Rolled back deployment {}: {}", deploymentId, problem);
    }

    /** The candidate passed: the previous model can go. */
    private synchronized void finishProbation() {
        Probation passed = probation;
        if (passed == null) {
            return;
        }
        probation = null;
        if (passed.previous != null) {
            passed.previous.retire();
        }
    }

    private void fail(long deploymentId, EdgeDeploymentStatus outcome, String detail) {
        failedDeployments.add(deploymentId);
        try {
            Files.write(dir.resolve("failed.json"), Json.MAPPER.writeValueAsBytes(new HashSet<>(failedDeployments)));
        } catch (IOException e) {
            LOG.warn("Cannot remember failed deployment {}: {}", deploymentId, e.toString());
        }
        status.report(deploymentId, new StatusReport(outcome, detail.length() > StatusReport.MAX_DETAIL
                ? detail.substring(0, StatusReport.MAX_DETAIL) : detail));
        LOG.warn("Deployment {} {}: {}", deploymentId, outcome, detail);
    }

    private void persist(SignedManifest signed) throws IOException {
        Path temporary = dir.resolve("current.json.tmp");
        Files.write(temporary, Json.MAPPER.writeValueAsBytes(signed));
        Files.move(temporary, dir.resolve("current.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.write(dir.resolve("signed-" + signed.manifest().deploymentId() + ".json"), Json.MAPPER.writeValueAsBytes(signed));
    }

    private void persistManifestOf(ActiveModel model) {
        try {
            Path saved = dir.resolve("signed-" + model.manifest().deploymentId() + ".json");
            if (Files.exists(saved)) {
                Files.copy(saved, dir.resolve("current.json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("Cannot record the rolled-back-to model: {}", e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale current.json is verified again on the next start
        }
    }

    private Path artifactPath(ModelManifest manifest) {
        return dir.resolve(manifest.sha256() + "." + manifest.format());
    }

    private InferenceRuntime runtime(ModelManifest manifest) throws IOException {
        InferenceRuntime runtime = runtimes.apply(manifest.format());
        if (runtime == null) {
            throw new IOException("no runtime for format '" + manifest.format() + "'");
        }
        return runtime;
    }

    @Override
    public synchronized void close() {
        finishProbation();
        ActiveModel model = active.getAndSet(null);
        if (model != null) {
            model.retire();
        }
    }

    /** No model is in service yet. */
    static final class NoModelException extends Exception {
        private static final long serialVersionUID = 1L;

        NoModelException() {
            super("no model is in service on this edge yet");
        }
    }
}
