package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.rollout.GateResult;
import io.modelfleet.api.rollout.HealthGate;
import io.modelfleet.api.rollout.QualityGate;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutEdge;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutRequest;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.rollout.RolloutState;
import io.modelfleet.api.rollout.RolloutWave;
import io.modelfleet.api.rollout.WaveSize;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;
import io.modelfleet.api.spi.deployment.TargetStatus;
import io.modelfleet.api.spi.deployment.TargetUnavailableException;
import io.modelfleet.persistence.AgentReleaseStore;
import io.modelfleet.persistence.DeploymentStore;
import io.modelfleet.persistence.ModelStore;
import io.modelfleet.persistence.NewRollout;
import io.modelfleet.persistence.PlannedEdge;
import io.modelfleet.persistence.QualityStats;
import io.modelfleet.persistence.RolledBackEdge;
import io.modelfleet.persistence.RolloutCandidate;
import io.modelfleet.persistence.RolloutStore;
import io.modelfleet.persistence.StreamStore;
import io.modelfleet.persistence.WaveEdge;

/**
 * Rollouts and the engine that drives them. Every server runs the engine; each RUNNING rollout is leased by one of
 * them (like training runs), and every write of the engine is guarded by owner and state in the database, so a
 * paused, aborted or rolled-back rollout, or one another replica took over, is never advanced twice.
 * <p>
 * A tick advances each leased rollout one step: start the next wave (record what each edge runs, give it a
 * deployment of the new version, hand those to the edges' targets); or, while a wave is under way, hand over what a
 * target could not take yet, read statuses from targets that observe them, and judge the gates once every edge of
 * the wave settled (or the wave timed out) and the soak time passed. Health failures are judged at once: a wave that
 * already has more failures than the gate allows does not wait out its soak.
 */
@Component(service = RolloutService.class, immediate = true, configurationPid = RolloutConfiguration.PID)
@Designate(ocd = RolloutConfiguration.class)
public final class RolloutServiceImpl implements RolloutService {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutServiceImpl.class);
    private static final String ROLLOUT = "rollout";
    private static final int MAX_LIST = 500;
    private static final Set<EdgeDeploymentStatus> SETTLED = EnumSet.of(EdgeDeploymentStatus.ACTIVE,
            EdgeDeploymentStatus.FAILED, EdgeDeploymentStatus.ROLLED_BACK);
    private static final Set<EdgeDeploymentStatus> FAILED = EnumSet.of(EdgeDeploymentStatus.FAILED,
            EdgeDeploymentStatus.ROLLED_BACK);

    private final RolloutStore store;
    private final DeploymentStore deployments;
    private final ModelStore models;
    private final AgentReleaseStore releases;
    private final StreamStore streams;
    private final PluginRegistry plugins;
    private final AuditLog audit;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final Duration gateSample;
    private final Map<Long, Object> driving = new ConcurrentHashMap<>();
    private final Map<Long, Instant> lastSample = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    @Activate
    public RolloutServiceImpl(@Reference RolloutStore store, @Reference DeploymentStore deployments,
            @Reference ModelStore models, @Reference AgentReleaseStore releases, @Reference StreamStore streams,
            @Reference PluginRegistry plugins, @Reference AuditLog audit, RolloutConfiguration config) {
        this(store, deployments, models, releases, streams, plugins, audit, Clock.systemUTC(),
                config.nodeId().isBlank() ? TrainingCoordinator.defaultNodeId() : config.nodeId(),
                Duration.ofSeconds(config.leaseSeconds()), Duration.ofSeconds(config.gateSampleSeconds()),
                config.tickMillis());
    }

    /** {@code tickMillis} 0: no background engine (tests call {@link #tick} themselves). */
    RolloutServiceImpl(RolloutStore store, DeploymentStore deployments, ModelStore models, AgentReleaseStore releases,
            StreamStore streams, PluginRegistry plugins, AuditLog audit, Clock clock, String owner, Duration lease,
            Duration gateSample, long tickMillis) {
        this.store = store;
        this.deployments = deployments;
        this.models = models;
        this.releases = releases;
        this.streams = streams;
        this.plugins = plugins;
        this.audit = audit;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
        this.gateSample = gateSample;
        this.scheduler = Daemons.scheduler("modelfleet-rollouts");
        if (tickMillis > 0) {
            scheduler.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    // ---- operator actions ----

    @Override
    public Rollout create(RolloutRequest request, String actor) {
        ModelVersion version = null;
        AgentRelease release = null;
        String subject;
        if (request.agentReleaseId() != null) {
            release = releases.find(request.agentReleaseId()).orElseThrow(
                    () -> new NotFoundException("agent release " + request.agentReleaseId() + " does not exist"));
            subject = "agent " + release.version();
        } else {
            version = models.find(request.modelVersionId()).orElseThrow(
                    () -> new NotFoundException("model version " + request.modelVersionId() + " does not exist"));
            if (!version.stage().deployable()) {
                throw new ConflictException("model version " + version.reference() + " is " + version.stage()
                        + "; approve it before assigning it to edges");
            }
            Compatibility.checkRequirements(version);
            subject = version.reference();
        }
        List<RolloutCandidate> candidates = store.candidates(request.edgeIds(), request.tagKey(), request.tagValue(),
                request.target());
        Map<Long, RolloutCandidate> byId = candidates.stream()
                .collect(Collectors.toMap(RolloutCandidate::edgeId, c -> c, (a, b) -> a, LinkedHashMap::new));
        for (long edgeId : request.edgeIds()) {
            RolloutCandidate named = byId.get(edgeId);
            if (named == null) {
                throw new NotFoundException("edge " + edgeId + " does not exist");
            }
            if (!EdgeState.APPROVED.name().equals(named.state())) {
                throw new ConflictException("edge " + named.name() + " (" + edgeId + ") is " + named.state()
                        + "; only approved edges run models");
            }
        }
        Set<Long> named = new LinkedHashSet<>(request.edgeIds());
        List<RolloutCandidate> planned = new ArrayList<>();
        List<PlannedEdge> skipped = new ArrayList<>();
        for (RolloutCandidate candidate : candidates) {
            if (!EdgeState.APPROVED.name().equals(candidate.state())) {
                continue; // selected by tag or target: edges that do not run models are simply not part of it
            }
            Optional<String> problem = release != null ? Compatibility.agentProblem(candidate, release)
                    : Compatibility.problem(candidate, version);
            if (problem.isPresent()) {
                skipped.add(new PlannedEdge(candidate.edgeId(), 0, problem.get()));
            } else {
                planned.add(candidate);
            }
        }
        if (planned.isEmpty()) {
            if (!skipped.isEmpty()) {
                throw new ConflictException("no selected edge can run " + subject + ": "
                        + skipped.get(0).skippedReason() + (skipped.size() > 1 ? " (and " + (skipped.size() - 1) + " more)" : ""));
            }
            throw new ConflictException(request.tagKey() != null && named.isEmpty() && request.target() == null
                    ? "no approved edge has the tag " + request.tagKey()
                            + (request.tagValue() == null ? "" : "=" + request.tagValue())
                    : "no approved edge matches " + request.selection());
        }
        if (release == null) {
            requireTargets(planned); // agents pull their releases from the platform itself
        }
        List<PlannedEdge> edges = new ArrayList<>(waves(request.plan(), planned));
        int waveCount = edges.stream().mapToInt(PlannedEdge::wave).max().orElse(1);
        edges.addAll(skipped);
        Instant now = clock.instant();
        long id = store.create(new NewRollout(version == null ? null : version.id(), release == null ? null : release.id(),
                request.selection(), request.plan(), request.start() ? RolloutState.RUNNING : RolloutState.PLANNED,
                waveCount, version == null ? null : version.lineage().streamId(), actor, now), edges);
        audit.record(actor, "rollout.create", ROLLOUT, Long.toString(id), subject + " to " + planned.size()
                + " edge(s) in " + waveCount + " wave(s)" + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped")
                + (request.start() ? "" : ", planned"));
        if (request.start()) {
            driveNow(id);
        }
        return get(id);
    }

    /** Every target the rollout needs must be installed now: a missing one is the operator's to fix. */
    private void requireTargets(List<RolloutCandidate> planned) {
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        planned.forEach(c -> byTarget.computeIfAbsent(c.target(), t -> new ArrayList<>()).add(c.name()));
        byTarget.forEach((target, names) -> {
            if (plugins.deploymentTarget(target).isEmpty()) {
                throw new ConflictException("deployment target '" + target + "' is not installed, so "
                        + names.size() + " selected edge(s) cannot be reached (" + String.join(", ", names.subList(0,
                                Math.min(5, names.size()))) + (names.size() > 5 ? ", ..." : "")
                        + "); install its feature or move the edges to another target");
            }
        });
    }

    /** Edges in id order into waves of the plan's sizes; the last wave takes the rest, and waves never run empty. */
    static List<PlannedEdge> waves(RolloutPlan plan, List<RolloutCandidate> edges) {
        List<PlannedEdge> planned = new ArrayList<>();
        int total = edges.size();
        int next = 0;
        List<WaveSize> sizes = plan.waves();
        for (int wave = 1; wave <= sizes.size() && next < total; wave++) {
            int count = wave == sizes.size() ? total - next : Math.min(total - next, sizes.get(wave - 1).count(total));
            for (int i = 0; i < count; i++) {
                planned.add(new PlannedEdge(edges.get(next++).edgeId(), wave, null));
            }
        }
        return planned;
    }

    @Override
    public Rollout get(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("rollout " + id + " does not exist"));
    }

    @Override
    public Page<Rollout> list(RolloutState state, int limit, long offset) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_LIST + ", was " + limit);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset must not be negative, was " + offset);
        }
        return store.list(state, limit, offset);
    }

    @Override
    public List<RolloutEdge> edges(long id, Integer wave) {
        get(id);
        return store.edges(id, wave);
    }

    @Override
    public List<GateResult> gates(long id) {
        get(id);
        return store.gates(id);
    }

    @Override
    public Rollout start(long id, String actor) {
        return act(id, actor, "start", EnumSet.of(RolloutState.PLANNED), RolloutState.RUNNING, null);
    }

    @Override
    public Rollout pause(long id, String actor) {
        return act(id, actor, "pause", EnumSet.of(RolloutState.RUNNING), RolloutState.PAUSED, "paused by " + actor);
    }

    @Override
    public Rollout resume(long id, String actor) {
        return act(id, actor, "resume", EnumSet.of(RolloutState.PAUSED), RolloutState.RUNNING, null);
    }

    @Override
    public Rollout abort(long id, String actor) {
        return act(id, actor, "abort", EnumSet.of(RolloutState.PLANNED, RolloutState.RUNNING, RolloutState.PAUSED),
                RolloutState.ABORTED, "aborted by " + actor + "; edges keep what they run");
    }

    @Override
    public Rollout rollback(long id, String actor) {
        Rollout rollout = get(id);
        String message = "rolled back by " + actor;
        if (!store.transition(id, EnumSet.complementOf(EnumSet.of(RolloutState.ROLLED_BACK)), RolloutState.ROLLED_BACK,
                message, clock.instant())) {
            throw new ConflictException("rollout " + id + " is already " + get(id).state());
        }
        int moved = restorePrevious(rollout, actor, message);
        audit.record(actor, "rollout.rollback", ROLLOUT, Long.toString(id), moved + " edge(s) moved back");
        return get(id);
    }

    private Rollout act(long id, String actor, String action, Set<RolloutState> from, RolloutState to, String message) {
        Rollout rollout = get(id);
        if (!store.transition(id, from, to, message, clock.instant())) {
            throw new ConflictException("rollout " + id + " is " + get(id).state() + "; " + action + " needs "
                    + from.stream().map(Enum::name).collect(Collectors.joining(" or ")));
        }
        audit.record(actor, "rollout." + action, ROLLOUT, Long.toString(id), rollout.subject());
        if (to == RolloutState.RUNNING) {
            driveNow(id);
        }
        return get(id);
    }

    /** Takes the lease and advances at once, so an operator sees the first wave start with the answer. */
    private void driveNow(long id) {
        Instant now = clock.instant();
        if (store.claim(owner, now, now.plus(lease)).contains(id)) {
            drive(id);
        }
    }

    @Override
    public RolloutPlan streamPlan(long streamId) {
        requireStream(streamId);
        return store.streamPlan(streamId).orElse(RolloutPlan.ONE_WAVE);
    }

    @Override
    public void setStreamPlan(long streamId, RolloutPlan plan, String actor) {
        requireStream(streamId);
        store.setStreamPlan(streamId, plan, actor, clock.instant());
        audit.record(actor, "stream.rollout-plan", "stream", Long.toString(streamId), plan == null ? "cleared"
                : plan.waves().size() + " wave(s), soak " + plan.soakSeconds() + " s");
    }

    private void requireStream(long streamId) {
        streams.find(streamId).orElseThrow(() -> new NotFoundException("stream " + streamId + " does not exist"));
    }

    // ---- the engine ----

    /** One pass over every rollout this server holds. Never throws: the next tick tries again. */
    void tick() {
        try {
            Instant now = clock.instant();
            for (long id : store.claim(owner, now, now.plus(lease))) {
                drive(id);
            }
        } catch (Exception e) {
            LOG.warn("Rollout engine pass failed: {}", e.toString());
        }
    }

    /** One step of one rollout; steps of the same rollout never overlap in this server. */
    void drive(long id) {
        Object guard = driving.computeIfAbsent(id, k -> new Object());
        synchronized (guard) {
            try {
                step(id);
            } catch (Exception e) {
                LOG.warn("Rollout {} could not be advanced; retrying: {}", id, e.toString());
                LOG.debug("Rollout failure", e);
            }
        }
    }

    private void step(long id) {
        Rollout rollout = store.find(id).orElse(null);
        if (rollout == null || rollout.state() != RolloutState.RUNNING) {
            lastSample.remove(id);
            return;
        }
        Instant now = clock.instant();
        int number = rollout.currentWave();
        if (number == 0) {
            startWave(rollout, 1);
            return;
        }
        RolloutWave wave = rollout.waves().get(number - 1);
        // every edge reached so far in one read (health counts them all); the current wave's are among them
        List<WaveEdge> all = store.waveEdges(id, 1, number);
        List<WaveEdge> edges = all.stream().filter(e -> e.wave() == number).toList();
        if (deliver(rollout, edges) | observe(rollout, edges)) {
            all = store.waveEdges(id, 1, number);
            edges = all.stream().filter(e -> e.wave() == number).toList();
        }
        // an edge a later assignment took over is that assignment's concern, unless it got somewhere here first
        List<WaveEdge> reached = all.stream().filter(e -> e.current() || SETTLED.contains(e.status())).toList();
        RolloutPlan plan = rollout.plan();
        List<GateResult> health = health(number, now, reached, plan.health(), false);
        boolean settled = edges.stream().allMatch(e -> SETTLED.contains(e.status()) || !e.current());
        Instant settledAt = wave.settledAt();
        if (settled && settledAt == null) {
            store.settleWave(id, number, now);
            settledAt = now;
        }
        boolean tooManyFailed = failures(reached) > plan.health().maxFailed();
        Instant timeoutAt = wave.startedAt().plusSeconds(plan.waveTimeoutSeconds());
        Instant soakFrom = settledAt != null ? settledAt : timeoutAt;
        boolean due = tooManyFailed || (settled || !now.isBefore(timeoutAt)) && !now.isBefore(soakFrom.plusSeconds(plan.soakSeconds()));
        if (!due) {
            sample(rollout, number, now, health, wave, soakFrom);
            return;
        }
        List<GateResult> verdict = new ArrayList<>(health(number, now, reached, plan.health(), true));
        if (!tooManyFailed && plan.quality() != null) {
            verdict.addAll(quality(rollout, number, now, wave.startedAt(), soakFrom.isAfter(now) ? now : soakFrom,
                    plan.quality(), true));
        }
        if (!store.recordGates(id, owner, verdict)) {
            return; // paused, aborted or rolled back meanwhile, or another server holds it now
        }
        store.finishWave(id, number, now);
        List<GateResult> failed = verdict.stream().filter(g -> !g.passed()).toList();
        if (failed.isEmpty()) {
            if (number == rollout.waves().size()) {
                if (store.finish(id, owner, RolloutState.SUCCEEDED, "all " + number + " wave(s) passed their gates", now)) {
                    audit.record("rollout-engine", "rollout.succeeded", ROLLOUT, Long.toString(id), rollout.subject());
                }
            } else {
                startWave(rollout, number + 1);
            }
            return;
        }
        String reason = "wave " + number + " failed its gates: " + failed.stream()
                .map(g -> g.detail() != null ? g.detail() : g.metric() + " " + format(g.value()) + " against " + format(g.threshold()))
                .collect(Collectors.joining("; "));
        if (!store.finish(id, owner, RolloutState.FAILED, reason, now)) {
            return;
        }
        audit.record("rollout-engine", "rollout.failed", ROLLOUT, Long.toString(id), reason);
        if (plan.autoRollback()) {
            String message = "automatic rollback: " + reason;
            if (store.transition(id, EnumSet.of(RolloutState.FAILED), RolloutState.ROLLED_BACK, message, clock.instant())) {
                int moved = restorePrevious(rollout, "rollout-engine", message);
                audit.record("rollout-engine", "rollout.rollback", ROLLOUT, Long.toString(id),
                        moved + " edge(s) moved back automatically");
            }
        }
    }

    private void startWave(Rollout rollout, int number) {
        Instant now = clock.instant();
        if (!store.startWave(rollout.id(), owner, number, rollout.createdBy(), now)) {
            return;
        }
        LOG.info("Rollout {} of {}: wave {} of {} started", rollout.id(), rollout.subject(), number, rollout.waves().size());
        deliver(rollout, store.waveEdges(rollout.id(), number, number));
    }

    /**
     * Hands deployments the targets have not taken yet to them, target by target. A target that is unreachable keeps
     * its edges waiting for the next tick; one that refuses fails them with its reason.
     */
    private boolean deliver(Rollout rollout, List<WaveEdge> edges) {
        if (rollout.isAgentRelease()) {
            return false; // agents pull their updates; a started wave handed them over
        }
        Map<String, List<WaveEdge>> byTarget = new LinkedHashMap<>();
        edges.stream().filter(e -> !e.applied() && e.current())
                .forEach(e -> byTarget.computeIfAbsent(e.target(), t -> new ArrayList<>()).add(e));
        if (byTarget.isEmpty()) {
            return false;
        }
        TargetModel model = targetModel(models.find(rollout.modelVersionId()).orElseThrow());
        boolean changed = false;
        for (Map.Entry<String, List<WaveEdge>> entry : byTarget.entrySet()) {
            List<WaveEdge> batch = entry.getValue();
            Optional<DeploymentTarget> target = plugins.deploymentTarget(entry.getKey());
            if (target.isEmpty()) {
                continue; // uninstalled meanwhile: the wave waits (and times out) rather than failing edges at once
            }
            try {
                target.get().apply(batch.stream().map(e -> new TargetDeployment(e.deploymentId(), e.edgeId(),
                        e.edgeName(), e.tags(), model)).toList());
                store.markApplied(rollout.id(), batch.stream().map(WaveEdge::edgeId).toList());
            } catch (TargetUnavailableException e) {
                LOG.info("Rollout {}: target {} unavailable, retrying: {}", rollout.id(), entry.getKey(), e.getMessage());
            } catch (Exception e) {
                LOG.warn("Rollout {}: target {} refused {} deployment(s)", rollout.id(), entry.getKey(), batch.size(), e);
                String detail = "target " + entry.getKey() + " refused the deployment: " + message(e);
                Instant now = clock.instant();
                batch.forEach(edge -> deployments.updateStatus(edge.edgeId(), edge.deploymentId(),
                        EdgeDeploymentStatus.FAILED, truncate(detail), now));
                store.markApplied(rollout.id(), batch.stream().map(WaveEdge::edgeId).toList());
                changed = true;
            }
        }
        return changed;
    }

    /** Statuses from targets that observe their edges (push targets); agents report theirs themselves. */
    private boolean observe(Rollout rollout, List<WaveEdge> edges) {
        if (rollout.isAgentRelease()) {
            return false; // agents report their updates themselves
        }
        Map<String, List<WaveEdge>> byTarget = new LinkedHashMap<>();
        edges.stream().filter(e -> e.applied() && e.current() && !SETTLED.contains(e.status()))
                .forEach(e -> byTarget.computeIfAbsent(e.target(), t -> new ArrayList<>()).add(e));
        if (byTarget.isEmpty()) {
            return false;
        }
        TargetModel model = targetModel(models.find(rollout.modelVersionId()).orElseThrow());
        boolean changed = false;
        Instant now = clock.instant();
        for (Map.Entry<String, List<WaveEdge>> entry : byTarget.entrySet()) {
            Optional<DeploymentTarget> target = plugins.deploymentTarget(entry.getKey());
            if (target.isEmpty()) {
                continue;
            }
            Map<Long, TargetStatus> observed;
            try {
                observed = target.get().status(entry.getValue().stream().map(e -> new TargetDeployment(e.deploymentId(),
                        e.edgeId(), e.edgeName(), e.tags(), model)).toList());
            } catch (Exception e) {
                LOG.info("Target {} could not report statuses: {}", entry.getKey(), e.toString());
                continue;
            }
            for (WaveEdge edge : entry.getValue()) {
                TargetStatus status = observed.get(edge.deploymentId());
                if (status != null && status.status() != edge.status()) {
                    deployments.updateStatus(edge.edgeId(), edge.deploymentId(), status.status(),
                            status.detail() == null ? null : truncate(status.detail()), now);
                    changed = true;
                }
            }
        }
        return changed;
    }

    private static long failures(List<WaveEdge> reached) {
        return reached.stream().filter(e -> FAILED.contains(e.status())).count();
    }

    private static List<GateResult> health(int wave, Instant now, List<WaveEdge> reached, HealthGate gate,
            boolean decisive) {
        long active = reached.stream().filter(e -> e.status() == EdgeDeploymentStatus.ACTIVE).count();
        long failed = failures(reached);
        double activePercent = reached.isEmpty() ? 100 : active * 100.0 / reached.size();
        // failures first: when both fail, they are the cause
        return List.of(
                new GateResult(wave, now, "health", "failed", (double) failed, gate.maxFailed(),
                        failed <= gate.maxFailed(), decisive, failed <= gate.maxFailed() ? null
                                : failed + " edge(s) FAILED or ROLLED_BACK, the gate allows " + gate.maxFailed()),
                new GateResult(wave, now, "health", "activePercent", activePercent, gate.minActivePercent(),
                        activePercent >= gate.minActivePercent(), decisive, activePercent >= gate.minActivePercent() ? null
                                : String.format(Locale.ROOT, "%.1f %% of %d edge(s) ACTIVE, the gate needs %.1f %%",
                                        activePercent, reached.size(), gate.minActivePercent())));
    }

    /**
     * The wave's edges on the new version over [soakFrom, now) against the version each ran before over an equally
     * long window ending when the wave started.
     */
    private List<GateResult> quality(Rollout rollout, int wave, Instant now, Instant waveStarted, Instant soakFrom,
            QualityGate gate, boolean decisive) {
        Duration window = Duration.between(soakFrom, now);
        if (window.isNegative() || window.isZero()) {
            return List.of();
        }
        QualityStats current;
        QualityStats previous;
        if (rollout.isAgentRelease()) {
            // the same edges, whatever model they run, on the new agent against the one before
            current = store.quality(rollout.id(), wave, wave, null, soakFrom, now, gate.lowConfidenceThreshold());
            previous = store.quality(rollout.id(), wave, wave, null, waveStarted.minus(window), waveStarted,
                    gate.lowConfidenceThreshold());
        } else {
            boolean anyPrevious = store.edges(rollout.id(), wave).stream().anyMatch(e -> e.previousModel() != null
                    && !e.previousModel().equals(rollout.model()));
            if (!anyPrevious) {
                return List.of(new GateResult(wave, now, "quality", "previousVersion", null, 0, true, decisive,
                        "no previous version on these edges to compare with"));
            }
            current = store.quality(rollout.id(), wave, wave, rollout.model(), soakFrom, now,
                    gate.lowConfidenceThreshold());
            previous = store.previousQuality(rollout.id(), wave, wave, waveStarted.minus(window), waveStarted,
                    gate.lowConfidenceThreshold());
        }
        List<GateResult> results = new ArrayList<>();
        if (current.results() < gate.minResults() || previous.results() < gate.minResults()) {
            results.add(new GateResult(wave, now, "quality", "results", (double) Math.min(current.results(),
                    previous.results()), gate.minResults(), false, decisive, "too few results to compare: "
                            + current.results() + " of the new " + (rollout.isAgentRelease() ? "agent" : "version") + ", "
                            + previous.results() + " of the previous one; the gate needs " + gate.minResults() + " each"));
            return results;
        }
        if (gate.maxScoreDrop() != null) {
            double drop = previous.meanScore() - current.meanScore();
            boolean passed = drop <= gate.maxScoreDrop();
            results.add(new GateResult(wave, now, "quality", "meanScoreDrop", drop, gate.maxScoreDrop(), passed,
                    decisive, passed ? null : String.format(Locale.ROOT, "mean score fell from %.3f to %.3f (by %.3f; "
                            + "the gate allows %.3f)", previous.meanScore(), current.meanScore(), drop, gate.maxScoreDrop())));
        }
        if (gate.maxLowConfidenceIncrease() != null) {
            double increase = current.lowConfidenceRate() - previous.lowConfidenceRate();
            boolean passed = increase <= gate.maxLowConfidenceIncrease();
            results.add(new GateResult(wave, now, "quality", "lowConfidenceIncrease", increase,
                    gate.maxLowConfidenceIncrease(), passed, decisive, passed ? null : String.format(Locale.ROOT,
                            "low-confidence results rose from %.1f %% to %.1f %% (the gate allows +%.1f points)",
                            previous.lowConfidenceRate() * 100, current.lowConfidenceRate() * 100,
                            gate.maxLowConfidenceIncrease() * 100)));
        }
        if (gate.maxFailureRateIncrease() != null) {
            double increase = current.failureRate() - previous.failureRate();
            boolean passed = increase <= gate.maxFailureRateIncrease();
            results.add(new GateResult(wave, now, "quality", "failureRateIncrease", increase,
                    gate.maxFailureRateIncrease(), passed, decisive, passed ? null : String.format(Locale.ROOT,
                            "failed inferences rose from %.1f %% to %.1f %% (the gate allows +%.1f points)",
                            previous.failureRate() * 100, current.failureRate() * 100, gate.maxFailureRateIncrease() * 100)));
        }
        return results;
    }

    /** Gate values every few seconds while a wave waits, so the console can chart them over time. */
    private void sample(Rollout rollout, int wave, Instant now, List<GateResult> health, RolloutWave current,
            Instant soakFrom) {
        Instant last = lastSample.get(rollout.id());
        if (last != null && now.isBefore(last.plus(gateSample))) {
            return;
        }
        lastSample.put(rollout.id(), now);
        List<GateResult> samples = new ArrayList<>(health);
        if (rollout.plan().quality() != null && current.settledAt() != null && now.isAfter(soakFrom)) {
            samples.addAll(quality(rollout, wave, now, current.startedAt(), soakFrom, rollout.plan().quality(), false));
        }
        store.recordGates(rollout.id(), owner, samples);
    }

    /**
     * Every edge the rollout reached whose current deployment is still the rollout's goes back to the version it ran
     * before, or to none, through its target.
     */
    private int restorePrevious(Rollout rollout, String actor, String reason) {
        List<RolledBackEdge> moved = store.rollback(rollout.id(), actor, truncate(reason), clock.instant());
        if (moved.isEmpty() || rollout.isAgentRelease()) {
            return moved.size(); // agents pull the release they ran before (or go back to their installation's)
        }
        Map<Long, WaveEdge> edges = new HashMap<>();
        store.waveEdges(rollout.id(), 1, Math.max(1, rollout.waves().size()))
                .forEach(edge -> edges.put(edge.edgeId(), edge));
        Map<Long, TargetModel> versions = new HashMap<>();
        Map<String, List<TargetDeployment>> byTarget = new LinkedHashMap<>();
        for (RolledBackEdge edge : moved) {
            WaveEdge known = edges.get(edge.edgeId());
            if (known == null) {
                continue;
            }
            TargetModel model = edge.modelVersionId() == null ? null : versions.computeIfAbsent(edge.modelVersionId(),
                    v -> targetModel(models.find(v).orElseThrow()));
            long deploymentId = edge.deploymentId() == null ? known.deploymentId() : edge.deploymentId();
            byTarget.computeIfAbsent(known.target(), t -> new ArrayList<>()).add(new TargetDeployment(deploymentId,
                    edge.edgeId(), known.edgeName(), known.tags(), model));
        }
        byTarget.forEach((targetId, batch) -> {
            Optional<DeploymentTarget> target = plugins.deploymentTarget(targetId);
            if (target.isEmpty()) {
                LOG.warn("Rollout {}: target {} is not installed; its {} edge(s) are rolled back in the database and "
                        + "agents pulling through it move back when it returns", rollout.id(), targetId, batch.size());
                return;
            }
            try {
                target.get().apply(batch);
            } catch (Exception e) {
                LOG.warn("Rollout {}: target {} could not take the rollback of {} edge(s): {}", rollout.id(), targetId,
                        batch.size(), e.toString());
            }
        });
        LOG.info("Rollout {} of {}: {} edge(s) moved back ({})", rollout.id(), rollout.subject(), moved.size(), reason);
        return moved.size();
    }

    static TargetModel targetModel(ModelVersion version) {
        return new TargetModel(version.id(), version.name(), version.version(), version.format(), version.sha256(),
                version.sizeBytes(), version.metadata());
    }

    /** The target's own words; an exception without a message is not explained by its Java class name. */
    private static String message(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? "it gave no reason (see the server log)" : e.getMessage();
    }

    private static String truncate(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    private static String format(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}
