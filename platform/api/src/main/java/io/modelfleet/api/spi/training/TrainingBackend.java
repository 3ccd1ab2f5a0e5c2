package io.modelfleet.api.spi.training;

import org.osgi.annotation.versioning.ConsumerType;

import io.modelfleet.api.plugin.PluginDescriptor;

/** Runs training somewhere: in-process, as a Kubernetes job, or on an external service. Implemented by plugins. */
@ConsumerType
public interface TrainingBackend {

    PluginDescriptor descriptor();

    /** Starts a run and returns the backend's handle for it, stable across server restarts. */
    String submit(TrainingRequest request) throws Exception;

    TrainingStatus status(String handle) throws Exception;

    /** The last lines of the run's log. */
    String logs(String handle, int tailLines) throws Exception;

    void cancel(String handle) throws Exception;
}
