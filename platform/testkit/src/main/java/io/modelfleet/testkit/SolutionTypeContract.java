package io.modelfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainingContext;

/**
 * The contract every {@link SolutionType} keeps; a solution's test class extends it and trains on a small dataset of
 * the solution's kind ({@link #contractSubject}). It trains through a {@link RecordingContext} and checks:
 * <ul>
 * <li>the descriptor has a non-blank id and display name, and {@code metrics()} names at least one metric (the first
 * is the headline);</li>
 * <li>every progress fraction is in [0, 1] ({@code TrainingContext#progress}) and they never go back;</li>
 * <li>the trained model's artifact is a non-empty file in the context's work directory ({@link TrainedModel}) and
 * the run reports every metric {@code metrics()} names ("the metrics each training run reports");</li>
 * <li>a context that reports {@code cancelled()} from the first progress message on ends training with a
 * {@link CancellationException} ({@code SolutionType#train}).</li>
 * </ul>
 */
public abstract class SolutionTypeContract {
    @TempDir
    protected Path contractDirectory;

    /** What a run trains: the solution on a small dataset of its kind, with the context it is given. */
    @FunctionalInterface
    public interface Training {
        TrainedModel train(TrainingContext context) throws Exception;
    }

    /**
     * The solution under test, how to train it on a small dataset of its kind (a few dozen rows or images: a solution
     * of {@code DatasetKind.TABULAR} calls {@code train(TabularData, ...)}, of {@code FILES}
     * {@code train(FileData, ...)}), and the parameters of the contract's runs (valid against the schema; cheap ones
     * are best).
     */
    public record Subject(SolutionType solution, Training training, String parametersJson) {
        public Subject(SolutionType solution, Training training) {
            this(solution, training, "{}");
        }
    }

    /** Called once per test. */
    protected abstract Subject contractSubject() throws Exception;

    @Test
    void contractTheDescriptorAndMetricsAreNamed() throws Exception {
        SolutionType solution = contractSubject().solution();
        assertFalse(solution.descriptor().id().isBlank(), "descriptor id");
        assertFalse(solution.descriptor().displayName().isBlank(), "descriptor displayName");
        assertNotNull(solution.datasetKind());
        assertFalse(solution.metrics().isEmpty(), "metrics() names no headline metric");
    }

    @Test
    void contractTrainingReportsProgressAndWritesTheModel() throws Exception {
        Subject subject = contractSubject();
        SolutionType solution = subject.solution();
        Path work = Files.createDirectories(contractDirectory.resolve("work"));
        RecordingContext context = new RecordingContext(subject.parametersJson(), 1, work);
        TrainedModel model = subject.training().train(context);

        assertNotNull(model);
        List<Double> progress = List.copyOf(context.progress);
        double last = 0;
        for (double fraction : progress) {
            assertTrue(fraction >= 0 && fraction <= 1, "progress outside [0, 1]: " + progress);
            assertTrue(fraction >= last, "progress went back: " + progress);
            last = fraction;
        }
        assertNotNull(model.artifact(), "no model artifact");
        assertTrue(Files.isRegularFile(model.artifact()) && Files.size(model.artifact()) > 0,
                model.artifact() + " is no model file");
        assertTrue(model.artifact().toRealPath().startsWith(work.toRealPath()),
                model.artifact() + " is not in the context's work directory");
        assertTrue(model.metrics().keySet().containsAll(solution.metrics()),
                "metrics() names " + solution.metrics() + ", the run reported " + model.metrics().keySet());
    }

    @Test
    void contractCancellationEndsTraining() throws Exception {
        Subject subject = contractSubject();
        Path work = Files.createDirectories(contractDirectory.resolve("cancelled"));
        RecordingContext context = new RecordingContext(subject.parametersJson(), 1, work, message -> true);
        assertThrows(CancellationException.class, () -> subject.training().train(context));
    }
}
