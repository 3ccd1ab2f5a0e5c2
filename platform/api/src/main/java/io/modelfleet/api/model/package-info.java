/**
 * The model registry: named models, their versions, artifacts, signatures, metrics and stages.
 * <p>
 * 1.1.0: {@link io.modelfleet.api.model.ModelRegistry#deleteVersion}.
 * 1.2.0: {@link io.modelfleet.api.model.DriftService}: live data compared with the training dataset version.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.modelfleet.api.model;
