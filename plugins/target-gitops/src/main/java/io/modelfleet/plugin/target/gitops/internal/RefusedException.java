package io.modelfleet.plugin.target.gitops.internal;

/**
 * The repository answered but refused the change (credentials, host key, permissions, a protected branch): retrying
 * the same call does not help, so the deployments fail with this message, which never holds a secret.
 */
final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
        super(message);
    }
}
