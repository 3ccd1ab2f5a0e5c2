/** Checking training parameters against a solution's JSON Schema (the subset the solution SPI documents). */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.schema;
