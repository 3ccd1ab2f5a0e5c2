package io.modelfleet.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.spi.runtime.InferenceRuntime;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;

class SharedSessionsTest {
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();

    private final InferenceRuntime counting = new InferenceRuntime() {
        @Override
        public String format() {
            return "onnx";
        }

        @Override
        public String runtimeVersion() {
            return "counting";
        }

        @Override
        public LoadedModel load(Path artifact, Map<String, String> metadata) {
            loads.incrementAndGet();
            return new LoadedModel() {
                @Override
                public ModelSignature signature() {
                    return ModelSignature.EMPTY;
                }

                @Override
                public Prediction predict(Map<String, Object> inputs) {
                    return new Prediction(artifact.getFileName().toString(), null, null, null, 0);
                }

                @Override
                public Map<String, Object> sampleInput() {
                    return Map.of();
                }

                @Override
                public void close() {
                    closes.incrementAndGet();
                }
            };
        }
    };

    @Test
    void agentsRunningTheSameArtifactShareOneSessionUntilTheLastLetsGo() throws Exception {
        SharedSessions shared = new SharedSessions(format -> format.equals("onnx") ? counting : null);
        InferenceRuntime runtime = shared.apply("onnx");
        LoadedModel a = runtime.load(Path.of("/agents/a/models/abc.onnx"), Map.of());
        LoadedModel b = runtime.load(Path.of("/agents/b/models/abc.onnx"), Map.of());
        LoadedModel other = runtime.load(Path.of("/agents/b/models/def.onnx"), Map.of());
        assertEquals(2, loads.get());
        assertEquals("abc.onnx", b.predict(Map.of()).label());
        a.close();
        a.close();
        assertEquals(0, closes.get(), "b still uses it; a second close of a counts once");
        b.close();
        assertEquals(1, closes.get());
        other.close();
        assertEquals(2, closes.get());
        assertEquals(null, shared.apply("tflite"));
    }
}
