package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.plugin.PluginKind;

/** Completes plugin kinds. */
@Service
public class PluginKindCompleter extends EnumCompleter {

    public PluginKindCompleter() {
        super(PluginKind.class);
    }
}
