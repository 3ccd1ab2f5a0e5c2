package io.modelfleet.api.spi.solution;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/** What a training backend gives a solution while it trains. */
@ProviderType
public interface TrainingContext {

    /** The stream's parameters, already valid against the solution's schema, with defaults filled in (JSON object). */
    String parametersJson();

    /** Seed for every random choice (split, initialisation, shuffling), so a run can be repeated exactly. */
    long seed();

    /** A private, empty directory for files the run writes, such as the exported model. */
    Path workDirectory();

    /** Reports progress in [0, 1] with what is happening. */
    void progress(double fraction, String message);

    /** Appends a line to the run's log. */
    void log(String line);

    boolean cancelled();

    /**
     * The model a {@code "format": "modelfleet-model"} parameter names, as a local file; empty when the parameter is
     * not set. The platform checked that the version exists when the stream was saved and when the run was queued.
     *
     * @since 2.2
     */
    default java.util.Optional<InputModel> inputModel(String parameter) {
        return java.util.Optional.empty();
    }
}
