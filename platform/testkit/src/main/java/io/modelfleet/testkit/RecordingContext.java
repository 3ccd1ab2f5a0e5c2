package io.modelfleet.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.modelfleet.api.spi.solution.InputModel;
import io.modelfleet.api.spi.solution.TrainingContext;

/**
 * The {@link TrainingContext} of solution tests (and of the trainer and benchmarks that run solutions outside a
 * backend): it records every progress fraction, progress message and log line in public lists, hands over the
 * parameters, seed and work directory it was built with, and reports {@link #cancelled()} once the predicate says so
 * of the last progress message. It enforces nothing itself; {@link SolutionTypeContract} checks what it recorded.
 */
public final class RecordingContext implements TrainingContext {
    public final List<Double> progress = new CopyOnWriteArrayList<>();
    public final List<String> messages = new CopyOnWriteArrayList<>();
    public final List<String> log = new CopyOnWriteArrayList<>();
    private final String parameters;
    private final long seed;
    private final Path directory;
    /** Asked with the last progress message; true cancels. */
    private final Predicate<String> cancelWhen;
    private final Map<String, InputModel> inputModels = new ConcurrentHashMap<>();

    public RecordingContext(String parameters, long seed, Path directory) {
        this(parameters, seed, directory, message -> false);
    }

    public RecordingContext(String parameters, long seed, Path directory, Predicate<String> cancelWhen) {
        this.parameters = parameters;
        this.seed = seed;
        this.directory = directory;
        this.cancelWhen = cancelWhen;
    }

    @Override
    public String parametersJson() {
        return parameters;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Path workDirectory() {
        return directory;
    }

    @Override
    public void progress(double fraction, String message) {
        progress.add(fraction);
        messages.add(message);
    }

    @Override
    public void log(String line) {
        log.add(line);
    }

    /** Hands {@code model} to training as the model {@code parameter} names. */
    public RecordingContext withInputModel(String parameter, InputModel model) {
        inputModels.put(parameter, model);
        return this;
    }

    @Override
    public Optional<InputModel> inputModel(String parameter) {
        return Optional.ofNullable(inputModels.get(parameter));
    }

    @Override
    public boolean cancelled() {
        return !messages.isEmpty() && cancelWhen.test(messages.get(messages.size() - 1));
    }
}
