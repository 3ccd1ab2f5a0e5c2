package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.alert.AlertKind;

/** Completes what alert rules watch. */
@Service
public class AlertKindCompleter extends EnumCompleter {

    public AlertKindCompleter() {
        super(AlertKind.class);
    }
}
