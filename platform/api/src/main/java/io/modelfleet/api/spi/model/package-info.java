/** Model format plugins: read and check a model file on the server. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.spi.model;
