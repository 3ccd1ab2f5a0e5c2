/**
 * Checking training parameters against a solution's JSON Schema (the subset the solution SPI documents).
 * <p>
 * 1.1.0: {@code ParameterSchema.modelReferences} lists the parameters that name registered model versions.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.modelfleet.schema;
