package io.modelfleet.plugin.training.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import io.modelfleet.api.ConflictException;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.solution.FileData;
import io.modelfleet.api.spi.solution.InputModel;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainingContext;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.api.spi.training.TrainingBackend;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.spi.training.TrainingStatus;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.api.support.training.TrainingRun;
import io.modelfleet.api.support.training.TrainingRunPool;

/**
 * Trains in the server's JVM: the solution plugin's own training code on a bounded worker pool. Runs live in memory,
 * so a restart loses them; the platform then finds the handle unknown and fails the run with that reason.
 */
@Component(service = TrainingBackend.class, configurationPid = LocalTrainingConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LocalTrainingConfiguration.class, factory = true)
public final class LocalTrainingBackend implements TrainingBackend {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTrainingBackend.class);
    static final String STOPPED = "in-process runs end when their server stops, and this server stopped during "
            + "training; train again";

    private final PluginDescriptor descriptor;
    private final ArtifactStore blobs;
    private final TrainingRunPool runs;
    private final Map<String, SolutionType> solutions = new ConcurrentHashMap<>();

    /**
     * The backend tracks solutions itself rather than asking the platform's plugin registry: the registry tracks this
     * backend, and a reference back would be a cycle that SCR cannot always resolve.
     */
    @Activate
    public LocalTrainingBackend(LocalTrainingConfiguration config, @Reference ArtifactStore blobs) {
        this.descriptor = new PluginDescriptor(config.id(), config.displayName(), "1.0.0",
                "Trains in the server's JVM with " + config.workers() + " worker(s)");
        this.blobs = blobs;
        this.runs = new TrainingRunPool("modelfleet-training-" + config.id(), config.workers(), config.maxQueued(),
                config.logLines());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addSolution(SolutionType solution) {
        solutions.put(solution.descriptor().id(), solution);
    }

    public void removeSolution(SolutionType solution) {
        solutions.remove(solution.descriptor().id(), solution);
    }

    @Deactivate
    public void deactivate() throws InterruptedException {
        runs.shutdown(STOPPED);
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String submit(TrainingRequest request) throws IOException {
        SolutionType solution = solutions.get(request.solutionTypeId());
        if (solution == null) {
            throw new ConflictException("solution '" + request.solutionTypeId() + "' is not installed");
        }
        String handle = "local-" + request.runId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            runs.submit(handle, "queued run " + request.runId() + " of " + request.solutionTypeId() + " "
                    + request.solutionVersion() + " on " + descriptor.id(), run -> train(request, solution, run));
        } catch (RejectedExecutionException e) {
            // not a refusal: the run stays QUEUED in the database and the platform submits it again on its next pass
            throw new IOException("backend " + descriptor.id() + " has " + runs.queued()
                    + " runs waiting already; the run waits for a free place");
        }
        return handle;
    }

    @Override
    public TrainingStatus status(String handle) {
        return runs.status(handle, "run " + handle + " is unknown to backend " + descriptor.id()
                + ": in-process runs end when their server stops (restart or crash); train again");
    }

    @Override
    public String logs(String handle, int tailLines) {
        return runs.logs(handle, tailLines);
    }

    @Override
    public void cancel(String handle) {
        runs.cancel(handle);
    }

    private void train(TrainingRequest request, SolutionType solution, TrainingRun run) {
        if (run.cancelled()) {
            run.endCancelled();
            return;
        }
        run.start();
        Path work = null;
        try {
            work = Files.createTempDirectory("modelfleet-train-" + request.runId() + "-");
            run.progress(0, "reading dataset");
            Map<String, InputModel> inputModels = inputModels(request, run, work);
            TrainedModel model;
            List<String> columns;
            if (solution.datasetKind() == DatasetKind.FILES) {
                FileData data;
                try (InputStream in = blobs.open(request.datasetKey(), 0)) {
                    data = FileData.readCsv(in, request.labels(), ref -> blobs.open(ref, 0));
                }
                run.log("dataset: " + data.items().size() + " files, labels " + data.labels());
                run.log("parameters: " + request.parametersJson() + ", seed " + request.seed());
                model = solution.train(data, context(request, run, work, inputModels));
                columns = List.of("key");
            } else {
                TabularData data;
                try (InputStream in = blobs.open(request.datasetKey(), 0)) {
                    data = TabularData.readCsv(in, request.labels());
                }
                run.log("dataset: " + data.rows().size() + " rows, " + data.columns().size() + " feature columns, labels "
                        + data.labels());
                run.log("parameters: " + request.parametersJson() + ", seed " + request.seed());
                model = solution.train(data, context(request, run, work, inputModels));
                columns = data.columns();
            }
            if (run.cancelled()) {
                throw new CancellationException();
            }
            run.progress(0.99, "storing the model");
            writeOutputs(request, columns, model, work);
            run.log("done: " + model.metrics());
            run.end(TrainingPhase.SUCCEEDED, "trained");
        } catch (CancellationException e) {
            run.endCancelled();
        } catch (ModelFleetException e) {
            run.log("failed: " + e.detail());
            run.end(TrainingPhase.FAILED, e.detail());
        } catch (Exception | LinkageError e) {
            if (run.cancelled()) {
                run.endCancelled();
                return;
            }
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            run.log("failed:\n" + trace);
            LOG.warn("Training run {} failed", request.runId(), e);
            run.end(TrainingPhase.FAILED, "training failed: " + e);
        } finally {
            delete(work);
        }
    }

    /** The models the parameters name, copied into the run's directory and checked against their SHA-256. */
    private Map<String, InputModel> inputModels(TrainingRequest request, TrainingRun run, Path work)
            throws IOException {
        Map<String, InputModel> models = new java.util.HashMap<>();
        for (ModelInput input : request.models()) {
            Path file = work.resolve("input-model-" + models.size() + ".bin");
            try (InputStream in = blobs.open(input.key(), 0)) {
                Files.copy(in, file);
            }
            input.verify(file);
            run.log("input model " + input.parameter() + ": " + input.reference());
            models.put(input.parameter(), new InputModel(input.reference(), input.metadata(), file));
        }
        return models;
    }

    private static TrainingContext context(TrainingRequest request, TrainingRun run, Path work,
            Map<String, InputModel> inputModels) {
        return new TrainingContext() {
            @Override
            public java.util.Optional<InputModel> inputModel(String parameter) {
                return java.util.Optional.ofNullable(inputModels.get(parameter));
            }

            @Override
            public String parametersJson() {
                return request.parametersJson();
            }

            @Override
            public long seed() {
                return request.seed();
            }

            @Override
            public Path workDirectory() {
                return work;
            }

            @Override
            public void progress(double fraction, String message) {
                run.progress(fraction, message);
            }

            @Override
            public void log(String line) {
                run.log(line);
            }

            @Override
            public boolean cancelled() {
                return run.cancelled();
            }
        };
    }

    /** Replaces what an earlier attempt of the same run may have left, so the outputs belong together. */
    private void writeOutputs(TrainingRequest request, List<String> columns, TrainedModel model, Path dir)
            throws IOException {
        String prefix = request.outputPrefix();
        Path result = dir.resolve("modelfleet-" + TrainingOutputs.RESULT);
        try (Writer out = Files.newBufferedWriter(result, StandardCharsets.UTF_8)) {
            TrainingOutputs.writeResult(model, out);
        }
        Path predictions = dir.resolve("modelfleet-" + TrainingOutputs.PREDICTIONS);
        try (Writer out = Files.newBufferedWriter(predictions, StandardCharsets.UTF_8)) {
            TrainingOutputs.writePredictions(columns, model.heldOut(), out);
        }
        replace(TrainingOutputs.key(prefix, TrainingOutputs.MODEL), model.artifact());
        replace(TrainingOutputs.key(prefix, TrainingOutputs.PREDICTIONS), predictions);
        // last: the platform treats result.json as the sign that the outputs are complete
        replace(TrainingOutputs.key(prefix, TrainingOutputs.RESULT), result);
    }

    private void replace(String key, Path file) throws IOException {
        blobs.delete(key);
        blobs.put(key, file);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("Could not delete {}", dir, e);
        }
    }
}
