package io.modelfleet.agent.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.spi.runtime.InferenceRuntime;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;

/**
 * For simulated fleets: virtual agents running the same artifact share one loaded session (sessions are
 * thread-safe), counted by reference, instead of a thousand copies of the same model in native memory. Artifacts are
 * named by their sha256, so equal paths mean equal models.
 */
final class SharedSessions implements Function<String, InferenceRuntime> {
    private final Function<String, InferenceRuntime> runtimes;
    private final Map<String, Shared> sessions = new HashMap<>();

    private final class Shared {
        final String key;
        final LoadedModel model;
        int references;

        Shared(String key, LoadedModel model) {
            this.key = key;
            this.model = model;
        }
    }

    SharedSessions(Function<String, InferenceRuntime> runtimes) {
        this.runtimes = runtimes;
    }

    @Override
    public InferenceRuntime apply(String format) {
        InferenceRuntime runtime = runtimes.apply(format);
        return runtime == null ? null : new InferenceRuntime() {
            @Override
            public String format() {
                return runtime.format();
            }

            @Override
            public String runtimeVersion() {
                return runtime.runtimeVersion();
            }

            @Override
            public LoadedModel load(Path artifact, Map<String, String> metadata) throws Exception {
                return acquire(runtime, artifact.getFileName() + "|" + metadata, artifact, metadata);
            }
        };
    }

    private LoadedModel acquire(InferenceRuntime runtime, String key, Path artifact, Map<String, String> metadata)
            throws Exception {
        Shared shared;
        synchronized (sessions) {
            shared = sessions.get(key);
            if (shared == null) {
                shared = new Shared(key, runtime.load(artifact, metadata));
                sessions.put(key, shared);
            }
            shared.references++;
        }
        Shared session = shared;
        return new LoadedModel() {
            private boolean closed;

            @Override
            public ModelSignature signature() {
                return session.model.signature();
            }

            @Override
            public Prediction predict(Map<String, Object> inputs) throws Exception {
                return session.model.predict(inputs);
            }

            @Override
            public Map<String, Object> sampleInput() {
                return session.model.sampleInput();
            }

            @Override
            public void close() {
                synchronized (sessions) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    if (--session.references == 0) {
                        sessions.remove(session.key);
                        session.model.close();
                    }
                }
            }
        };
    }
}
