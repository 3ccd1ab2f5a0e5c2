package io.modelfleet.api.spi.runtime;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.model.ModelSignature;

/** One loaded model session. Thread-safe: many requests may predict at once. */
@ProviderType
public interface LoadedModel extends AutoCloseable {

    ModelSignature signature();

    /**
     * Runs one inference. {@code inputs} maps input names to JSON-shaped values: numbers, strings and nested lists
     * matching the input's shape, or a {@link FloatTensor} for a float input (since 1.1); a single unnamed input may be
     * given under the key {@code ""}.
     *
     * @throws IllegalArgumentException when the inputs do not fit the signature (the caller's mistake)
     * @throws Exception when the runtime fails
     */
    Prediction predict(Map<String, Object> inputs) throws Exception;

    /** An input that fits the signature (zeros), used to warm the session up and health-check it before a swap. */
    Map<String, Object> sampleInput();

    @Override
    void close();
}
