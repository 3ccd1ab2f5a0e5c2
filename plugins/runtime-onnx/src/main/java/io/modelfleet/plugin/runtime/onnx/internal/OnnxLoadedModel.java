package io.modelfleet.plugin.runtime.onnx.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;

/** One ORT session. {@link OrtSession#run} is thread-safe, so predictions run in parallel. */
final class OnnxLoadedModel implements LoadedModel {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ModelSignature signature;
    private final Inputs inputs;
    private final Interpretation interpretation;
    /** Runs share the read lock; close takes the write lock, so the native session is never freed under a run. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle

    private OnnxLoadedModel(OrtEnvironment environment, OrtSession session, ModelSignature signature, Inputs inputs,
            Interpretation interpretation) {
        this.environment = environment;
        this.session = session;
        this.signature = signature;
        this.inputs = inputs;
        this.interpretation = interpretation;
    }

    /**
     * @throws OrtException when ORT cannot load the file
     * @throws IllegalArgumentException when the model's inputs cannot be fed from JSON or the metadata is unusable
     */
    static OnnxLoadedModel load(OrtEnvironment environment, Path artifact, Map<String, String> metadata)
            throws OrtException {
        OrtSession session = OrtSessions.open(environment, artifact);
        try {
            ModelSignature signature = Signatures.of(session);
            return new OnnxLoadedModel(environment, session, signature,
                    Inputs.of(session.getInputInfo(), metadata), Interpretation.of(metadata, signature.outputs()));
        } catch (RuntimeException | OrtException e) {
            try {
                session.close();
            } catch (OrtException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public Prediction predict(Map<String, Object> given) throws OrtException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the model was closed");
            }
            Map<String, OnnxTensor> tensors = inputs.tensors(environment, given);
            try {
                long start = System.nanoTime();
                try (OrtSession.Result result = session.run(tensors)) {
                    double latencyMs = (System.nanoTime() - start) / 1e6;
                    return interpretation.predict(Outputs.toJson(result), latencyMs);
                }
            } finally {
                OnnxValue.close(tensors);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public Map<String, Object> sampleInput() {
        return inputs.sample();
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed: " + e.getMessage(), e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
