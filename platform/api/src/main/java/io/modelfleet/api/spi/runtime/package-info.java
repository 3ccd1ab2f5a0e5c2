/**
 * Edge-side SPI: inference runtimes the agent loads models into (ONNX Runtime first).
 * <p>
 * To implement one: a DS component in the agent providing {@link io.modelfleet.api.spi.runtime.InferenceRuntime} for
 * one {@code format()}. {@code load} gets a verified artifact and the version's metadata; throw any exception when it
 * cannot load (the agent keeps the previous model). The returned {@link io.modelfleet.api.spi.runtime.LoadedModel}
 * is called from the agent's inference threads, possibly concurrently, and closed when a newer model replaces it.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.modelfleet.api.spi.runtime;
