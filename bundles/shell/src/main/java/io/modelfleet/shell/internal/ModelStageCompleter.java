package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.model.ModelStage;

@Service
public class ModelStageCompleter extends EnumCompleter {
    public ModelStageCompleter() {
        super(ModelStage.class);
    }
}
