package io.modelfleet.api.plugin;

/** The kinds of plugin the platform hosts, one SPI each. */
public enum PluginKind {
    SOLUTION_TYPE, DATA_SOURCE, TRAINING_BACKEND, DEPLOYMENT_TARGET
}
