/** The model registry: named models, their versions, artifacts, signatures, metrics and stages. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.model;
