package io.modelfleet.api.plugin;

import java.time.Instant;

/**
 * An install, update or removal and how far it has come.
 *
 * @param fromVersion the version replaced or removed, or null
 * @param step        what it is doing now, in words (or what it did last)
 * @param progress    0 to 1
 * @param error       why it failed, in words; null unless {@code FAILED}
 */
public record PluginOperation(String id, Action action, String pluginId, String version, String fromVersion,
        State state, String step, double progress, String error, String actor, Instant startedAt,
        Instant finishedAt) {

    public enum Action {
        INSTALL, UPDATE, UNINSTALL
    }

    public enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED;

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED;
        }
    }
}
