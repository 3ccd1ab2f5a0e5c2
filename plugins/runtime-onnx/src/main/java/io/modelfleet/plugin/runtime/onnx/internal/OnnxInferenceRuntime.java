package io.modelfleet.plugin.runtime.onnx.internal;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import ai.onnxruntime.OrtEnvironment;
import io.modelfleet.api.spi.runtime.InferenceRuntime;
import io.modelfleet.api.spi.runtime.LoadedModel;

/** Runs ONNX models on the edge with ONNX Runtime (CPU). */
@Component(service = InferenceRuntime.class)
public final class OnnxInferenceRuntime implements InferenceRuntime {
    private final OrtEnvironment environment;
    private final String runtimeVersion;

    public OnnxInferenceRuntime() {
        this.environment = OrtSessions.environment();
        this.runtimeVersion = "onnxruntime-" + environment.getVersion();
    }

    @Override
    public String format() {
        return OrtSessions.FORMAT;
    }

    @Override
    public String runtimeVersion() {
        return runtimeVersion;
    }

    @Override
    public LoadedModel load(Path artifact, Map<String, String> metadata) throws Exception {
        return OnnxLoadedModel.load(environment, artifact, metadata);
    }
}
