package ${package}.internal;

import java.io.IOException;
import java.io.InputStream;
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

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.solution.FileData;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainingContext;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.spi.training.TrainingBackend;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.spi.training.TrainingStatus;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.api.support.training.TrainingRun;
import io.modelfleet.api.support.training.TrainingRunPool;

/**
 * Trains in the server's JVM: the solution plugin's own training code on a bounded pool of worker threads. The
 * dataset comes from the artifact store and the outputs go back there ({@link TrainingOutputs}). The pool, the table
 * of runs and their status, log and cancellation are the platform's {@link TrainingRunPool}: this class keeps only
 * the training itself. Runs live in memory, so a restart loses them: the platform then finds the handle unknown and
 * fails the run with that reason. Registered models a run takes as input ({@code TrainingRequest.models()}) are not
 * handed over: see ModelFleet's training-local backend for that.
 */
@Component(service = TrainingBackend.class, configurationPid = PoolTrainingConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PoolTrainingConfiguration.class, factory = true)
public final class PoolTrainingBackend implements TrainingBackend {
    private final PluginDescriptor descriptor;
    private final ArtifactStore blobs;
    private final TrainingRunPool runs;
    private final Map<String, SolutionType> solutions = new ConcurrentHashMap<>();

    @Activate
    public PoolTrainingBackend(PoolTrainingConfiguration config, @Reference ArtifactStore blobs) {
        // the pool checks workers, maxQueued and logLines: a bad value fails naming its field
        this.runs = new TrainingRunPool("training-" + config.id(), config.workers(), config.maxQueued(),
                config.logLines());
        this.descriptor = new PluginDescriptor(config.id(), config.displayName(), "1.0.0",
                "Trains in the server's JVM with " + config.workers() + " worker(s)");
        this.blobs = blobs;
    }

    /** The backend tracks the installed solutions itself (the platform's registry tracks backends: no cycle). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addSolution(SolutionType solution) {
        solutions.put(solution.descriptor().id(), solution);
    }

    public void removeSolution(SolutionType solution) {
        solutions.remove(solution.descriptor().id(), solution);
    }

    @Deactivate
    public void deactivate() throws InterruptedException {
        runs.shutdown();
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
        String handle = descriptor.id() + "-" + request.runId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            runs.submit(handle, "queued run " + request.runId() + " of " + request.solutionTypeId() + " "
                    + request.solutionVersion(), run -> train(request, solution, run));
        } catch (RejectedExecutionException e) {
            // not a refusal: the run stays QUEUED in the platform, which submits it again on its next pass
            throw new IOException("backend " + descriptor.id() + " has no free place; the run waits");
        }
        return handle;
    }

    @Override
    public TrainingStatus status(String handle) {
        return runs.status(handle, "run " + handle + " is unknown to backend " + descriptor.id()
                + ": runs end when their server stops; train again");
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
            run.end(TrainingPhase.CANCELLED, "cancelled");
            return;
        }
        run.start();
        Path work = null;
        try {
            work = Files.createTempDirectory("training-" + request.runId() + "-");
            run.progress(0, "reading the dataset");
            TrainingContext context = context(request, run, work);
            TrainedModel model;
            List<String> columns;
            try (InputStream in = blobs.open(request.datasetKey(), 0)) {
                if (solution.datasetKind() == DatasetKind.FILES) {
                    FileData data = FileData.readCsv(in, request.labels(), ref -> blobs.open(ref, 0));
                    run.log("dataset: " + data.items().size() + " files, labels " + data.labels());
                    model = solution.train(data, context);
                    columns = List.of("key");
                } else {
                    TabularData data = TabularData.readCsv(in, request.labels());
                    run.log("dataset: " + data.rows().size() + " rows, columns " + data.columns());
                    model = solution.train(data, context);
                    columns = data.columns();
                }
            }
            if (run.cancelled()) {
                throw new CancellationException();
            }
            run.progress(0.99, "storing the model");
            writeOutputs(request.outputPrefix(), columns, model, work);
            run.log("done: " + model.metrics());
            run.end(TrainingPhase.SUCCEEDED, "trained");
        } catch (CancellationException e) {
            run.endCancelled();
        } catch (ModelFleetException e) {
            run.log("failed: " + e.detail());
            run.end(TrainingPhase.FAILED, e.detail());
        } catch (Exception | LinkageError e) {
            run.log("failed: " + e);
            run.end(run.cancelled() ? TrainingPhase.CANCELLED : TrainingPhase.FAILED,
                    run.cancelled() ? "cancelled" : "training failed: " + e);
        } finally {
            delete(work);
        }
    }

    private static TrainingContext context(TrainingRequest request, TrainingRun run, Path work) {
        return new TrainingContext() {
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

    /** The outputs replace what an earlier attempt of the same run left; result.json last, as the sign of success. */
    private void writeOutputs(String prefix, List<String> columns, TrainedModel model, Path work) throws IOException {
        Path result = work.resolve("out-" + TrainingOutputs.RESULT);
        try (Writer out = Files.newBufferedWriter(result, StandardCharsets.UTF_8)) {
            TrainingOutputs.writeResult(model, out);
        }
        Path predictions = work.resolve("out-" + TrainingOutputs.PREDICTIONS);
        try (Writer out = Files.newBufferedWriter(predictions, StandardCharsets.UTF_8)) {
            TrainingOutputs.writePredictions(columns, model.heldOut(), out);
        }
        replace(TrainingOutputs.key(prefix, TrainingOutputs.MODEL), model.artifact());
        replace(TrainingOutputs.key(prefix, TrainingOutputs.PREDICTIONS), predictions);
        replace(TrainingOutputs.key(prefix, TrainingOutputs.RESULT), result);
    }

    private void replace(String key, Path file) throws IOException {
        blobs.delete(key);
        blobs.put(key, file);
    }

    private static void delete(Path dir) {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }
}
