package io.modelfleet.core.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.stream.RunTrigger;
import io.modelfleet.api.stream.Stream;
import io.modelfleet.api.stream.TrainingRun;
import io.modelfleet.persistence.StreamStore;
import io.modelfleet.schema.ParameterSchema;

/** Queues runs, for the API (train now) and the scheduler (train on the latest published version). */
final class RunQueue {
    private static final SecureRandom SEEDS = new SecureRandom();
    private final StreamStore store;
    private final PluginRegistry plugins;
    private final DatasetService datasets;
    private final Clock clock;

    RunQueue(StreamStore store, PluginRegistry plugins, DatasetService datasets, Clock clock) {
        this.store = store;
        this.plugins = plugins;
        this.datasets = datasets;
        this.clock = clock;
    }

    TrainingRun queue(Stream stream, RunTrigger trigger, long datasetVersionId, String actor) {
        SolutionType solution = plugins.solutionType(stream.solutionId()).orElseThrow(() -> new ConflictException(
                "solution '" + stream.solutionId() + "' is not installed; install its plugin to train this stream"));
        if (plugins.trainingBackend(stream.backendId()).isEmpty()) {
            throw new ConflictException("training backend '" + stream.backendId()
                    + "' is not installed or configured; pick another backend or configure it");
        }
        // checked again: the solution may have been updated since the stream was saved
        String parameters = ParameterSchema.of(solution.parameterSchema()).validate(stream.parametersJson());
        return store.insertRun(stream.id(), trigger, datasetVersionId, solution.descriptor().version(), parameters,
                SEEDS.nextLong(), actor, clock.instant());
    }

    /** The newest published version of a dataset. */
    long latestVersion(long datasetId) {
        return datasets.versions(datasetId).stream().max(Comparator.comparingInt(DatasetVersion::number))
                .map(DatasetVersion::id)
                .orElseThrow(() -> new ConflictException("dataset " + datasetId + " has no published version"));
    }
}
