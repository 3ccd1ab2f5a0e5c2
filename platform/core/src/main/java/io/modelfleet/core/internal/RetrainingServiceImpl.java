package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.alert.AlertKind;
import io.modelfleet.api.alert.AlertRule;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.rollout.RolloutState;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.stream.Retraining;
import io.modelfleet.api.stream.RetrainingPolicy;
import io.modelfleet.api.stream.RetrainingService;
import io.modelfleet.api.stream.RetrainingState;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.RunTrigger;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;
import io.modelfleet.api.stream.TrainingRun;
import io.modelfleet.persistence.AlertStore;
import io.modelfleet.persistence.RetrainingStore;
import io.modelfleet.persistence.RetrainingStore.StepResult;
import io.modelfleet.persistence.RetrainingStore.TriggeredAlert;
import io.modelfleet.persistence.StreamStore;

/**
 * The closed loop. Policies and retrainings are kept in the database; an engine on the server holding the
 * {@code retraining-engine} lease starts a retraining for each open alert of a trigger rule and moves every unfinished
 * one on by what the services it used report (import job, training run, model stage, rollout), every two seconds.
 * Each move is a compare-and-set on the retraining's state, so a person stopping it, or another server that took the
 * lease over, never has a step done twice on top of it.
 */
@Component(service = { RetrainingService.class, RetrainingServiceImpl.class }, immediate = true,
        configurationPid = AlertConfiguration.PID)
public final class RetrainingServiceImpl implements RetrainingService {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainingServiceImpl.class);
    static final String LEASE = "retraining-engine";
    static final Set<AlertKind> TRIGGER_KINDS = EnumSet.of(AlertKind.DRIFT, AlertKind.LOW_CONFIDENCE_RATE,
            AlertKind.FAILURE_RATE);
    static final int MAX_LIST = 500;
    private static final String TARGET = "retraining";
    /** Agents' clocks may run a little ahead of the server's; samples stamped just after the alert still count. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(60);

    private final RetrainingStore store;
    private final AlertStore alerts;
    private final StreamStore streams;
    private final StreamService streamService;
    private final DatasetService datasets;
    private final ModelRegistry models;
    private final RolloutService rollouts;
    private final PluginRegistry plugins;
    private final AuditLog audit;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final RunQueue runs;
    private final ScheduledExecutorService scheduler;

    @Activate
    public RetrainingServiceImpl(@Reference RetrainingStore store, @Reference AlertStore alerts,
            @Reference StreamStore streams, @Reference StreamService streamService, @Reference DatasetService datasets,
            @Reference ModelRegistry models, @Reference RolloutService rollouts, @Reference PluginRegistry plugins,
            @Reference AuditLog audit, AlertConfiguration config) {
        this(store, alerts, streams, streamService, datasets, models, rollouts, plugins, audit, Clock.systemUTC(),
                config.nodeId().isBlank() ? TrainingCoordinator.defaultNodeId() : config.nodeId(),
                Duration.ofSeconds(config.leaseSeconds()));
        scheduler.scheduleWithFixedDelay(this::tickSafely, 2, 2, TimeUnit.SECONDS);
    }

    RetrainingServiceImpl(RetrainingStore store, AlertStore alerts, StreamStore streams, StreamService streamService,
            DatasetService datasets, ModelRegistry models, RolloutService rollouts, PluginRegistry plugins,
            AuditLog audit, Clock clock, String owner, Duration lease) {
        this.store = store;
        this.alerts = alerts;
        this.streams = streams;
        this.streamService = streamService;
        this.datasets = datasets;
        this.models = models;
        this.rollouts = rollouts;
        this.plugins = plugins;
        this.audit = audit;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
        this.runs = new RunQueue(streams, plugins, datasets, clock);
        this.scheduler = Daemons.scheduler("modelfleet-retraining");
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    @Override
    public Optional<RetrainingPolicy> policy(long streamId) {
        stream(streamId);
        return store.policy(streamId);
    }

    @Override
    public RetrainingPolicy setPolicy(long streamId, RetrainingPolicy policy, String actor) {
        Stream stream = stream(streamId);
        if (policy.triggerRuleIds().isEmpty()) {
            throw new InvalidInputException("name at least one alert rule that starts the retraining",
                    Map.of("triggerRuleIds", "at least one DRIFT, LOW_CONFIDENCE_RATE or FAILURE_RATE rule"));
        }
        for (long ruleId : policy.triggerRuleIds()) {
            AlertRule rule = alerts.rule(ruleId).orElseThrow(() -> new InvalidInputException(
                    "alert rule " + ruleId + " does not exist", Map.of("triggerRuleIds", "rule " + ruleId + " does not exist")));
            if (!TRIGGER_KINDS.contains(rule.kind())) {
                throw new InvalidInputException("rule '" + rule.name() + "' watches " + rule.kind()
                        + "; retraining is started by DRIFT, LOW_CONFIDENCE_RATE or FAILURE_RATE rules",
                        Map.of("triggerRuleIds", "rule " + ruleId + " is " + rule.kind()));
            }
        }
        List<Long> others = store.streamsTriggeredBy(policy.triggerRuleIds(), streamId);
        if (!others.isEmpty()) {
            // an alert starts one retraining: a rule shared by two policies would only ever retrain one of them
            throw new InvalidInputException("a rule of this policy already starts retrainings of stream(s) " + others
                    + "; give each stream rules of its own", Map.of("triggerRuleIds", "used by stream(s) " + others));
        }
        if (plugins.dataSource(policy.source()).isEmpty()) {
            throw new InvalidInputException("data source '" + policy.source() + "' is not installed",
                    Map.of("source", "no such data source"));
        }
        store.savePolicy(streamId, policy, actor, clock.instant());
        audit.record(actor, "retraining.policy", "stream", Long.toString(streamId), stream.name() + ": "
                + (policy.enabled() ? "on" : "off") + ", rules " + policy.triggerRuleIds());
        return store.policy(streamId).orElseThrow();
    }

    @Override
    public void clearPolicy(long streamId, String actor) {
        Stream stream = stream(streamId);
        if (store.deletePolicy(streamId)) {
            audit.record(actor, "retraining.policy.clear", "stream", Long.toString(streamId), stream.name());
        }
    }

    @Override
    public Retraining start(long streamId, Long ruleId, String actor) {
        Stream stream = stream(streamId);
        RetrainingPolicy policy = store.policy(streamId).orElseThrow(() -> new ConflictException(
                "stream '" + stream.name() + "' has no retraining policy; set one first"));
        if (policy.triggerRuleIds().isEmpty()) {
            throw new ConflictException("the retraining policy of '" + stream.name() + "' names no alert rule");
        }
        long chosen = ruleId == null ? policy.triggerRuleIds().get(0) : ruleId;
        if (!policy.triggerRuleIds().contains(chosen)) {
            throw new InvalidInputException("rule " + chosen + " is not one of the policy's triggers "
                    + policy.triggerRuleIds(), Map.of("ruleId", "one of " + policy.triggerRuleIds()));
        }
        AlertRule rule = alerts.rule(chosen).orElseThrow(() -> new NotFoundException("alert rule " + chosen + " does not exist"));
        long id = begin(stream, policy, rule, null, clock.instant(), "started by " + actor + " (as rule '"
                + rule.name() + "')", actor)
                .orElseThrow(() -> new ConflictException("a retraining of '" + stream.name() + "' is under way; "
                        + "stop it or wait until it ends"));
        audit.record(actor, "retraining.start", TARGET, Long.toString(id), stream.name());
        return get(id); // the engine starts its import within a pass: one place starts imports, so never two
    }

    @Override
    public List<Retraining> list(Long streamId, int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_LIST, Map.of("limit", "1-" + MAX_LIST));
        }
        if (streamId != null) {
            stream(streamId);
        }
        return store.list(streamId, limit);
    }

    @Override
    public Retraining get(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("retraining " + id + " does not exist"));
    }

    @Override
    public Retraining proceed(long id, String actor) {
        Retraining retraining = get(id);
        if (retraining.state() != RetrainingState.AWAITING_LABELS) {
            throw new ConflictException("retraining " + id + " is " + retraining.state()
                    + "; only one AWAITING_LABELS goes on when told");
        }
        audit.record(actor, "retraining.proceed", TARGET, Long.toString(id), retraining.streamName());
        publishAndTrain(retraining, RetrainingState.AWAITING_LABELS, null, actor);
        return get(id);
    }

    @Override
    public Retraining stop(long id, String actor) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Retraining retraining = get(id);
            if (retraining.state().finished()) {
                return retraining;
            }
            if (store.advance(id, retraining.state(), RetrainingState.STOPPED, "stopped by " + actor
                    + " while " + retraining.state(), StepResult.NONE, clock.instant())) {
                // read again: a job recorded after the read above is in the row the stop changed
                cancelUnderway(retraining.state(), get(id), actor);
                audit.record(actor, "retraining.stop", TARGET, Long.toString(id), retraining.streamName());
                return get(id);
            }
        }
        throw new ConflictException("retraining " + id + " kept changing; try again");
    }

    /** What the retraining had started in the step it was stopped in goes too: nothing it began keeps running. */
    private void cancelUnderway(RetrainingState stoppedIn, Retraining retraining, String actor) {
        try {
            switch (stoppedIn) {
                case IMPORTING -> {
                    if (retraining.importJobId() != null) {
                        datasets.cancel(retraining.importJobId(), actor);
                    }
                }
                case TRAINING -> {
                    if (retraining.trainingRunId() != null) {
                        streamService.cancel(retraining.trainingRunId(), actor);
                    }
                }
                case ROLLING_OUT -> {
                    if (retraining.rolloutId() != null && !rollouts.get(retraining.rolloutId()).state().finished()) {
                        rollouts.abort(retraining.rolloutId(), actor);
                    }
                }
                default -> {
                }
            }
        } catch (ModelFleetException e) {
            LOG.info("Retraining {} stopped; what it ran could not be stopped too: {}", retraining.id(), e.getMessage());
        }
    }

    private Stream stream(long streamId) {
        return streams.find(streamId).orElseThrow(() -> new NotFoundException("stream " + streamId + " does not exist"));
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Retraining engine pass failed; next pass in 2 s", e);
        }
    }

    /** One pass: start what open alerts trigger, move every unfinished retraining on. */
    void tick() {
        Instant now = clock.instant();
        if (!alerts.acquireLease(LEASE, owner, now.plus(lease), now)) {
            return;
        }
        for (TriggeredAlert triggered : store.untriggeredAlerts(50)) {
            startFor(triggered);
        }
        for (Retraining retraining : store.unfinished()) {
            try {
                step(retraining);
            } catch (RuntimeException e) {
                LOG.warn("Retraining {} could not move on; trying again next pass", retraining.id(), e);
            }
        }
    }

    private void startFor(TriggeredAlert triggered) {
        Optional<Stream> stream = streams.find(triggered.streamId());
        Optional<RetrainingPolicy> policy = store.policy(triggered.streamId());
        Optional<AlertRule> rule = alerts.rule(triggered.ruleId());
        if (stream.isEmpty() || policy.isEmpty() || rule.isEmpty()) {
            return;
        }
        Optional<Instant> last = store.lastStarted(triggered.streamId());
        if (last.isPresent() && last.get().plus(Duration.ofMinutes(policy.get().cooldownMinutes())).isAfter(clock.instant())) {
            return; // still cooling down; the alert starts one later if it is still open then
        }
        try {
            begin(stream.get(), policy.get(), rule.get(), triggered.alertId(), triggered.firedAt(),
                    "alert " + triggered.alertId() + " of rule '" + rule.get().name() + "'", TARGET)
                    .ifPresent(id -> LOG.info("Retraining {} of stream {} started by alert {}", id, stream.get().name(),
                            triggered.alertId()));
        } catch (ModelFleetException e) {
            LOG.info("Alert {} cannot start a retraining of {}: {}", triggered.alertId(), stream.get().name(), e.getMessage());
        }
    }

    /**
     * Records a retraining with the filters that select the samples behind the alert: the rule's model version (else
     * the stream's newest), its edge or tag, its window up to {@code windowEnd}, and the score limit.
     */
    private Optional<Long> begin(Stream stream, RetrainingPolicy policy, AlertRule rule, Long alertId,
            Instant windowEnd, String trigger, String actor) {
        String model = rule.modelVersion();
        if (model == null) {
            if (stream.latestModelVersionId() == null) {
                throw new ConflictException("stream '" + stream.name() + "' has no model version whose samples could be imported");
            }
            model = models.getVersion(stream.latestModelVersionId()).reference();
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("model", model);
        if (rule.edgeId() != null) {
            options.put("edges", Long.toString(rule.edgeId()));
        }
        if (rule.tagKey() != null) {
            options.put("tags", rule.tagKey() + "=" + rule.tagValue());
        }
        options.put("from", windowEnd.minus(Duration.ofMinutes(rule.windowMinutes())).toString());
        options.put("to", windowEnd.plus(CLOCK_SLACK).toString());
        Double maxScore = policy.maxScore() != null ? policy.maxScore()
                : rule.kind() == AlertKind.LOW_CONFIDENCE_RATE ? rule.scoreBelow() : null;
        if (maxScore != null) {
            options.put("maxScore", Double.toString(maxScore));
        }
        options.put("limit", Integer.toString(policy.maxItems()));
        return store.insert(stream.id(), alertId, trigger, options, model, "started: " + trigger
                + "; importing the samples of " + model + " from " + options.get("from") + " into dataset '"
                + stream.datasetName() + "'", actor, clock.instant());
    }

    /** Moves one retraining on as far as what it waits for allows. */
    void step(Retraining retraining) {
        switch (retraining.state()) {
            case IMPORTING -> stepImport(retraining);
            case TRAINING -> stepTraining(retraining);
            case AWAITING_APPROVAL -> stepApproval(retraining);
            case ROLLING_OUT -> stepRollout(retraining);
            default -> {
                // AWAITING_LABELS waits for a person; the others are final
            }
        }
    }

    private void stepImport(Retraining retraining) {
        if (retraining.importJobId() == null) {
            Stream stream = stream(retraining.streamId());
            RetrainingPolicy policy = store.policy(retraining.streamId()).orElse(null);
            String source = policy == null ? "edges" : policy.source();
            ImportJob job;
            try {
                job = datasets.startImport(stream.datasetId(), source, retraining.importOptions(), actor(retraining));
            } catch (ModelFleetException e) {
                fail(retraining, "the import could not start: " + e.getMessage(), StepResult.NONE);
                return;
            }
            if (!store.recordImportJob(retraining.id(), job.id(), "importing from '" + source + "' with "
                    + retraining.importOptions() + " (import job " + job.id() + ")", clock.instant())) {
                datasets.cancel(job.id(), actor(retraining)); // stopped meanwhile, or another engine was first
            }
            return;
        }
        ImportJob job = datasets.job(retraining.importJobId());
        switch (job.state()) {
            case RUNNING -> {
            }
            case SUCCEEDED -> {
                if (job.imported() == 0) {
                    fail(retraining, "no new samples to learn from: import job " + job.id() + " found " + job.skipped()
                            + " already in the dataset and nothing else (do the edges' collection policies send inputs?)",
                            new StepResult(null, 0L, null, null, null, null));
                    return;
                }
                RetrainingPolicy policy = store.policy(retraining.streamId()).orElse(null);
                if (policy != null && policy.waitForLabels()) {
                    advance(retraining, RetrainingState.AWAITING_LABELS, "imported " + job.imported()
                            + " samples; waiting for relabeling (lowest confidence first), then continue",
                            new StepResult(null, job.imported(), null, null, null, null));
                } else {
                    publishAndTrain(retraining, RetrainingState.IMPORTING, job.imported(), actor(retraining));
                }
            }
            default -> fail(retraining, "import job " + job.id() + " " + job.state()
                    + (job.error() == null ? "" : ": " + job.error()), StepResult.NONE);
        }
    }

    private void publishAndTrain(Retraining retraining, RetrainingState from, Long imported, String actor) {
        Stream stream = stream(retraining.streamId());
        DatasetVersion version;
        TrainingRun run;
        try {
            version = datasets.publish(stream.datasetId(), actor);
            run = runs.queue(stream, RunTrigger.RETRAINING, version.id(), actor);
        } catch (ModelFleetException e) {
            failFrom(retraining, from, "could not publish and train: " + e.getMessage(),
                    new StepResult(null, imported, null, null, null, null));
            return;
        }
        String message = (imported == null ? "" : "imported " + imported + " samples; ") + "published version "
                + version.number() + " of '" + stream.datasetName() + "' (" + version.items() + " items); training run "
                + run.number() + " queued";
        if (!store.advance(retraining.id(), from, RetrainingState.TRAINING, message,
                new StepResult(null, imported, version.id(), run.id(), null, null), clock.instant())) {
            streamService.cancel(run.id(), actor); // stopped meanwhile: the run it would have followed goes too
        }
    }

    private void stepTraining(Retraining retraining) {
        TrainingRun run = streams.findRun(retraining.trainingRunId()).orElse(null);
        if (run == null) {
            fail(retraining, "training run " + retraining.trainingRunId() + " no longer exists", StepResult.NONE);
            return;
        }
        if (!run.state().finished()) {
            return;
        }
        if (run.state() != RunState.SUCCEEDED || run.modelVersionId() == null) {
            fail(retraining, "training run " + run.number() + " " + run.state()
                    + (run.message() == null ? "" : ": " + run.message()), StepResult.NONE);
            return;
        }
        ModelVersion trained;
        try {
            trained = models.getVersion(run.modelVersionId());
        } catch (NotFoundException e) {
            fail(retraining, "the version training run " + run.number() + " registered was deleted", StepResult.NONE);
            return;
        }
        RetrainingPolicy policy = store.policy(retraining.streamId()).orElse(null);
        StepResult registered = new StepResult(null, null, null, null, trained.id(), null);
        String failure = gate(policy, trained, retraining.replacesVersion());
        if (failure != null) {
            fail(retraining, "gate: " + failure + "; " + trained.reference() + " stays a " + trained.stage()
                    + " and nothing is deployed", registered);
            return;
        }
        String passed = policy == null || policy.gateMetric() == null ? "trained " + trained.reference()
                : "trained " + trained.reference() + ", " + policy.gateMetric() + " "
                        + format(trained.metrics().get(policy.gateMetric())) + " passed the gate";
        if (policy != null && policy.autoApprove()) {
            if (!trained.stage().deployable()) {
                models.setStage(trained.id(), ModelStage.APPROVED, actor(retraining));
            }
            deploy(retraining, RetrainingState.TRAINING, trained, passed + "; approved by the policy");
        } else {
            advance(retraining, RetrainingState.AWAITING_APPROVAL, passed + "; waiting for someone to approve it",
                    registered);
        }
    }

    /** Null when the trained version passes the policy's metric gate, else why not. */
    private String gate(RetrainingPolicy policy, ModelVersion trained, String replaces) {
        if (policy == null || policy.gateMetric() == null) {
            return null;
        }
        String metric = policy.gateMetric();
        Double value = trained.metrics().get(metric);
        if (value == null) {
            return trained.reference() + " reports no '" + metric + "' (it reports " + trained.metrics().keySet() + ")";
        }
        if (policy.gateMinValue() != null && value < policy.gateMinValue()) {
            return metric + " " + format(value) + " is below the minimum " + format(policy.gateMinValue());
        }
        if (policy.gateMaxDrop() != null && replaces != null) {
            Double before;
            try {
                before = models.findVersion(replaces).metrics().get(metric);
            } catch (NotFoundException e) {
                before = null; // the version it replaces is gone: nothing to compare with
            }
            if (before != null && before - value > policy.gateMaxDrop()) {
                return metric + " " + format(value) + " is " + format(before - value) + " below " + replaces + "'s "
                        + format(before) + " (at most " + format(policy.gateMaxDrop()) + " allowed)";
            }
        }
        return null;
    }

    private void stepApproval(Retraining retraining) {
        ModelVersion trained;
        try {
            trained = models.getVersion(retraining.modelVersionId());
        } catch (NotFoundException e) {
            fail(retraining, "the version waiting for approval was deleted; nothing is deployed", StepResult.NONE);
            return;
        }
        if (trained.stage().deployable()) {
            deploy(retraining, RetrainingState.AWAITING_APPROVAL, trained, trained.reference() + " was approved");
        } else if (trained.stage() == ModelStage.ARCHIVED) {
            fail(retraining, trained.reference() + " was archived instead of approved; nothing is deployed", StepResult.NONE);
        }
    }

    private void deploy(Retraining retraining, RetrainingState from, ModelVersion trained, String why) {
        Rollout rollout;
        try {
            rollout = streamService.deploy(retraining.streamId(), trained.id(), actor(retraining));
        } catch (ModelFleetException e) {
            failFrom(retraining, from, why + "; the rollout could not start: " + e.getMessage(),
                    new StepResult(null, null, null, null, trained.id(), null));
            return;
        }
        if (!store.advance(retraining.id(), from, RetrainingState.ROLLING_OUT, why + "; rollout " + rollout.id()
                + " to " + rollout.edges() + " edge(s) with the stream's plan",
                new StepResult(null, null, null, null, trained.id(), rollout.id()), clock.instant())) {
            rollouts.abort(rollout.id(), actor(retraining)); // stopped meanwhile: nothing it began goes on
        }
    }

    private void stepRollout(Retraining retraining) {
        Rollout rollout = rollouts.get(retraining.rolloutId());
        if (!rollout.state().finished()) {
            return;
        }
        if (rollout.state() == RolloutState.SUCCEEDED) {
            advance(retraining, RetrainingState.SUCCEEDED, rollout.model() + " runs on the stream's edges (rollout "
                    + rollout.id() + " succeeded)", StepResult.NONE);
        } else {
            fail(retraining, "rollout " + rollout.id() + " " + rollout.state()
                    + (rollout.message() == null ? "" : ": " + rollout.message()), StepResult.NONE);
        }
    }

    private boolean advance(Retraining retraining, RetrainingState to, String message, StepResult result) {
        return store.advance(retraining.id(), retraining.state(), to, message, result, clock.instant());
    }

    private void fail(Retraining retraining, String message, StepResult result) {
        failFrom(retraining, retraining.state(), message, result);
    }

    private void failFrom(Retraining retraining, RetrainingState from, String message, StepResult result) {
        if (store.advance(retraining.id(), from, RetrainingState.FAILED, message, result, clock.instant())) {
            LOG.info("Retraining {} of {} failed: {}", retraining.id(), retraining.streamName(), message);
        }
    }

    /** Who the services record for what the engine does on a retraining's behalf. */
    private static String actor(Retraining retraining) {
        return "retraining-" + retraining.id();
    }

    private static String format(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4g", value);
    }
}
