package io.modelfleet.api.spi.deployment;

/**
 * The target's own system cannot take the change now (cluster unreachable, push rejected): the platform keeps the
 * deployments PENDING and calls {@link DeploymentTarget#apply} again later. Any other exception fails them.
 */
public class TargetUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public TargetUnavailableException(String message) {
        super(message);
    }
}
