/**
 * Model format plugins: read and check a model file on the server.
 * <p>
 * To implement one: a DS component (no configuration needed) providing
 * {@link io.modelfleet.api.spi.model.ModelInspector} for one {@code format()} (as model versions name it, e.g.
 * {@code onnx}). The model registry calls {@code inspect} on the uploading request's thread, possibly concurrently:
 * keep it stateless and bounded in memory, and throw {@link io.modelfleet.api.InvalidInputException} with the reason
 * when the file is not a loadable model (the upload is refused with it).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.spi.model;
