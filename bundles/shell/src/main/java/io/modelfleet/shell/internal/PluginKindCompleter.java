package io.modelfleet.shell.internal;

import io.modelfleet.api.plugin.PluginKind;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
public class PluginKindCompleter extends EnumCompleter {
    public PluginKindCompleter() {
        super(PluginKind.class);
    }
}
