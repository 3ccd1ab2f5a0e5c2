@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.spi.deployment;
