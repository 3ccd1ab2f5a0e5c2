package io.modelfleet.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutRequest;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.support.csv.CsvReader;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.api.stream.HeldOutRow;
import io.modelfleet.api.stream.NewStream;
import io.modelfleet.api.stream.RunState;
import io.modelfleet.api.stream.RunTrigger;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.StreamService;
import io.modelfleet.api.stream.StreamStatus;
import io.modelfleet.api.stream.TrainingRun;
import io.modelfleet.persistence.StreamStore;
import io.modelfleet.schema.ParameterSchema;

/**
 * Streams and the runs they queue. Queuing is all this service does with a run: the {@link TrainingCoordinator} of
 * whichever server holds the run's lease submits it, follows it and registers its model.
 */
@Component(service = StreamService.class)
public final class StreamServiceImpl implements StreamService {
    static final String STREAM = "stream";
    static final int MAX_RUNS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamStore store;
    private final DatasetService datasets;
    private final PluginRegistry plugins;
    private final RolloutService rollouts;
    private final ModelRegistry models;
    private final ArtifactStore blobs;
    private final AuditLog audit;
    private final Clock clock;
    private final RunQueue runs;

    @Activate
    public StreamServiceImpl(@Reference StreamStore store, @Reference DatasetService datasets,
            @Reference PluginRegistry plugins, @Reference RolloutService rollouts,
            @Reference ModelRegistry models, @Reference ArtifactStore blobs, @Reference AuditLog audit) {
        this(store, datasets, plugins, rollouts, models, blobs, audit, Clock.systemUTC());
    }

    StreamServiceImpl(StreamStore store, DatasetService datasets, PluginRegistry plugins,
            RolloutService rollouts, ModelRegistry models, ArtifactStore blobs, AuditLog audit, Clock clock) {
        this.store = store;
        this.datasets = datasets;
        this.plugins = plugins;
        this.rollouts = rollouts;
        this.models = models;
        this.blobs = blobs;
        this.audit = audit;
        this.clock = clock;
        this.runs = new RunQueue(store, plugins, datasets, clock);
    }

    @Override
    public Stream create(NewStream stream, String actor) {
        String parameters = check(stream);
        Stream created = store.insert(stream, parameters, nextTraining(stream), actor, clock.instant());
        audit.record(actor, "stream.create", STREAM, Long.toString(created.id()), created.name());
        return created;
    }

    @Override
    public Stream update(long streamId, NewStream stream, String actor) {
        Stream existing = get(streamId);
        if (!existing.name().equals(stream.name())) {
            throw new InvalidInputException("a stream keeps its name: its model versions are named after it; duplicate it instead",
                    Map.of("name", "cannot change; duplicate the stream to get a new name"));
        }
        String parameters = check(stream);
        Stream updated = store.update(streamId, stream, parameters, nextTraining(stream), actor, clock.instant())
                .orElseThrow(() -> notFound(streamId));
        audit.record(actor, "stream.update", STREAM, Long.toString(streamId), updated.name());
        return updated;
    }

    @Override
    public Stream duplicate(long streamId, String newName, String actor) {
        Stream original = get(streamId);
        NewStream copy = new NewStream(newName, original.description(), original.solutionId(),
                original.datasetVersionId(), original.backendId(), original.parametersJson(),
                original.confidenceThreshold(), original.schedule(), original.target());
        Stream created = store.insert(copy, original.parametersJson(), nextTraining(copy), actor, clock.instant());
        audit.record(actor, "stream.duplicate", STREAM, Long.toString(created.id()),
                created.name() + " from " + original.name());
        return created;
    }

    @Override
    public void delete(long streamId, String actor) {
        Stream stream = get(streamId);
        if (stream.status() == StreamStatus.TRAINING) {
            throw new ConflictException("stream " + stream.name() + " is training; cancel the run first");
        }
        store.delete(streamId);
        audit.record(actor, "stream.delete", STREAM, Long.toString(streamId), stream.name());
    }

    @Override
    public List<Stream> list() {
        return store.list();
    }

    @Override
    public Stream get(long streamId) {
        return store.find(streamId).orElseThrow(() -> notFound(streamId));
    }

    private static NotFoundException notFound(long streamId) {
        return new NotFoundException("stream " + streamId + " does not exist");
    }

    @Override
    public TrainingRun train(long streamId, String actor) {
        Stream stream = get(streamId);
        TrainingRun run = runs.queue(stream, RunTrigger.MANUAL, stream.datasetVersionId(), actor);
        audit.record(actor, "stream.train", STREAM, Long.toString(streamId), stream.name() + " run " + run.number());
        return run;
    }

    @Override
    public List<TrainingRun> runs(Long streamId, RunState state, int limit) {
        if (limit < 1 || limit > MAX_RUNS) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_RUNS, Map.of("limit", "1-" + MAX_RUNS));
        }
        return store.runs(streamId, state, limit);
    }

    @Override
    public TrainingRun run(long runId) {
        return store.findRun(runId).orElseThrow(() -> new NotFoundException("training run " + runId + " does not exist"));
    }

    @Override
    public TrainingRun cancel(long runId, String actor) {
        TrainingRun run = run(runId);
        if (store.requestCancel(runId)) {
            audit.record(actor, "run.cancel", "training-run", Long.toString(runId), run.streamName() + " run " + run.number());
        }
        return run(runId);
    }

    @Override
    public String logs(long runId) {
        run(runId);
        return store.log(runId).orElse("");
    }

    @Override
    public String report(long runId) {
        TrainingRun run = run(runId);
        if (run.state() != RunState.SUCCEEDED) {
            return null;
        }
        try (InputStream in = blobs.open(TrainingOutputs.key(outputPrefix(runId), TrainingOutputs.RESULT), 0)) {
            JsonNode result = JSON.readTree(in);
            return result.path("report").isObject() ? result.get("report").toString() : "{}";
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the report of run " + runId, e);
        }
    }

    @Override
    public List<HeldOutRow> heldOut(long runId, int limit) {
        if (limit < 1 || limit > TrainingCoordinator.MAX_HELD_OUT) {
            throw new InvalidInputException("limit must be between 1 and " + TrainingCoordinator.MAX_HELD_OUT,
                    Map.of("limit", "1-" + TrainingCoordinator.MAX_HELD_OUT));
        }
        run(runId);
        List<HeldOutRow> rows = new ArrayList<>();
        try (InputStream in = blobs.open(TrainingOutputs.key(outputPrefix(runId), TrainingOutputs.PREDICTIONS), 0)) {
            CsvReader csv = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 20);
            List<String> header = csv.next();
            if (header == null || header.size() < 3) {
                return rows;
            }
            int columns = header.size() - 3;
            for (List<String> record = csv.next(); record != null && rows.size() < limit; record = csv.next()) {
                if (record.size() != header.size()) {
                    continue;
                }
                double score;
                try {
                    score = Double.parseDouble(record.get(columns + 2));
                } catch (NumberFormatException e) {
                    continue; // an external trainer's malformed row: the others are still worth showing
                }
                String label = record.get(columns);
                rows.add(new HeldOutRow(record.subList(0, columns), label.isEmpty() ? null : label,
                        record.get(columns + 1), score));
            }
            return rows;
        } catch (NoSuchFileException e) {
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the held-out predictions of run " + runId, e);
        }
    }

    @Override
    public Rollout deploy(long streamId, long modelVersionId, String actor) {
        Stream stream = get(streamId);
        ModelVersion version = models.getVersion(modelVersionId);
        if (version.lineage().streamId() == null || version.lineage().streamId() != streamId) {
            throw new InvalidInputException("model version " + version.reference() + " was not trained by stream "
                    + stream.name(), Map.of("modelVersionId", "not a version of this stream"));
        }
        if (stream.target().isEmpty()) {
            throw new ConflictException("stream " + stream.name() + " has no target edges or tag; edit it first");
        }
        Rollout rollout = rollouts.create(new RolloutRequest(modelVersionId, stream.target().edgeIds(),
                stream.target().tagKey(), stream.target().tagValue(), null, rollouts.streamPlan(streamId), true), actor);
        store.setStatus(streamId, StreamStatus.DEPLOYED, actor, clock.instant());
        audit.record(actor, "stream.deploy", STREAM, Long.toString(streamId),
                version.reference() + " as rollout " + rollout.id() + " to " + rollout.edges() + " edge(s)");
        return rollout;
    }

    @Override
    public String validateParameters(String solutionId, String parametersJson) {
        SolutionType solution = plugins.solutionType(solutionId).orElseThrow(() -> new InvalidInputException(
                "no solution '" + solutionId + "' is installed", Map.of("solutionId", "no such solution installed")));
        return ParameterSchema.of(solution.parameterSchema()).validate(parametersJson);
    }

    static String outputPrefix(long runId) {
        return "training/runs/" + runId;
    }

    /** Everything about a stream that can be checked before it is saved, with the parameters' defaults filled in. */
    private String check(NewStream stream) {
        SolutionType solution = plugins.solutionType(stream.solutionId()).orElseThrow(() -> new InvalidInputException(
                "no solution '" + stream.solutionId() + "' is installed",
                Map.of("solutionId", "no such solution installed")));
        if (plugins.trainingBackend(stream.backendId()).isEmpty()) {
            throw new InvalidInputException("no training backend '" + stream.backendId() + "' is installed",
                    Map.of("backendId", "no such training backend installed"));
        }
        DatasetVersion version;
        try {
            version = datasets.version(stream.datasetVersionId());
        } catch (NotFoundException e) {
            throw new InvalidInputException(e.detail(), Map.of("datasetVersionId", "no such dataset version"));
        }
        Dataset dataset;
        try {
            dataset = datasets.get(version.datasetId());
        } catch (NotFoundException e) {
            throw new InvalidInputException("dataset version " + stream.datasetVersionId() + " belongs to a deleted "
                    + "dataset", Map.of("datasetVersionId", "its dataset was deleted"));
        }
        if (dataset.kind() != solution.datasetKind()) {
            throw new InvalidInputException("solution " + solution.descriptor().id() + " trains on "
                    + solution.datasetKind() + " datasets; " + dataset.name() + " holds " + dataset.kind(),
                    Map.of("datasetVersionId", "needs a " + solution.datasetKind() + " dataset"));
        }
        if (stream.schedule() != null) {
            Cron.parse(stream.schedule().cron(), stream.schedule().timeZone());
        }
        ParameterSchema schema = ParameterSchema.of(solution.parameterSchema());
        ObjectNode parameters = schema.check(stream.parametersJson());
        ModelInputs.versions(schema, parameters, models);
        return parameters.toString();
    }

    private Instant nextTraining(NewStream stream) {
        if (stream.schedule() == null) {
            return null;
        }
        ZonedDateTime next = Cron.parse(stream.schedule().cron(), stream.schedule().timeZone())
                .next(ZonedDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
        return next == null ? null : next.toInstant();
    }
}
