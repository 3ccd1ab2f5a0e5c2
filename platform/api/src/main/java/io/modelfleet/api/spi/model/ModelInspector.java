package io.modelfleet.api.spi.model;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

import io.modelfleet.api.model.ModelSignature;

/** Reads a model file of one format. Registered by runtime plugins that run on the server, e.g. runtime-onnx. */
@ConsumerType
public interface ModelInspector {

    /** The format name, e.g. "onnx". */
    String format();

    /**
     * Loads the model as the edge would and returns its signature.
     *
     * @throws io.modelfleet.api.InvalidInputException when the file is not a loadable model, with the reason
     */
    ModelSignature inspect(Path artifact);
}
