package io.modelfleet.plugin.runtime.onnx.internal;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.spi.model.ModelInspector;

/** Reads an uploaded ONNX model's signature on the server by loading it as the edge runtime will. */
@Component(service = ModelInspector.class)
public final class OnnxModelInspector implements ModelInspector {
    private final OrtEnvironment environment;

    public OnnxModelInspector() {
        this.environment = OrtSessions.environment();
    }

    @Override
    public String format() {
        return OrtSessions.FORMAT;
    }

    @Override
    public ModelSignature inspect(Path artifact) {
        try (OrtSession session = OrtSessions.open(environment, artifact)) {
            // the edge refuses inputs it cannot build from JSON: refuse the upload now rather than every deployment
            Inputs.of(session.getInputInfo());
            return Signatures.of(session);
        } catch (OrtException e) {
            throw new InvalidInputException("not a loadable ONNX model: " + OrtSessions.reason(e, artifact));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the edge runtime cannot run this ONNX model: " + e.getMessage());
        }
    }
}
