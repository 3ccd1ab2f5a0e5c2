package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.alert.ChannelType;

/** Completes notification channel types. */
@Service
public class ChannelTypeCompleter extends EnumCompleter {

    public ChannelTypeCompleter() {
        super(ChannelType.class);
    }
}
