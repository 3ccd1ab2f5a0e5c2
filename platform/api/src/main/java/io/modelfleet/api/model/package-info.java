/**
 * The model registry: named models, their versions, artifacts, signatures, metrics and stages.
 * <p>
 * 1.1.0: {@link io.modelfleet.api.model.ModelRegistry#deleteVersion}.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.modelfleet.api.model;
