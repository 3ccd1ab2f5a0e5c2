package io.modelfleet.api.spi.training;

import org.osgi.annotation.versioning.ConsumerType;

import io.modelfleet.api.plugin.PluginDescriptor;

/**
 * Runs training somewhere: in-process, as a Kubernetes job, or on an external service. Implemented by plugins, one
 * service per configured instance. The platform keeps run state in the database and polls {@link #status} from the
 * server that holds the run's lease, so backends keep no state that must outlive the JVM unless they can find it again
 * by handle (a Kubernetes Job, a remote job id).
 */
@ConsumerType
public interface TrainingBackend {

    PluginDescriptor descriptor();

    /** Starts a run and returns the backend's handle for it. */
    String submit(TrainingRequest request) throws Exception;

    /**
     * The run's state. A handle the backend cannot find (an in-process run after a restart) is FAILED with a message
     * that says so.
     */
    TrainingStatus status(String handle) throws Exception;

    /** The last lines of the run's log. */
    String logs(String handle, int tailLines) throws Exception;

    /** Stops the run; cancelling a finished or unknown run does nothing. */
    void cancel(String handle) throws Exception;
}
