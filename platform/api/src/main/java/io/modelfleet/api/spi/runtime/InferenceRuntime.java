package io.modelfleet.api.spi.runtime;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/** Runs models of one format on the edge. Registered as an OSGi service by runtime plugins such as runtime-onnx. */
@ConsumerType
public interface InferenceRuntime {

    /** The model format it runs, as in the model registry, e.g. "onnx". */
    String format();

    /** Name and version reported in the device info, e.g. "onnxruntime-1.23.2". */
    String runtimeVersion();

    /**
     * Loads a verified artifact. {@code metadata} is the model version's metadata from the signed manifest (for
     * example {@code labels}: comma-separated class names for the output indices).
     *
     * @throws Exception when the model cannot be loaded; the agent then keeps the previous model
     */
    LoadedModel load(Path artifact, Map<String, String> metadata) throws Exception;
}
