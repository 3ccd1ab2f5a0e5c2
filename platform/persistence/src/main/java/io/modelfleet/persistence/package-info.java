/** Store interfaces the core and security bundles use; the implementations are the only code that knows SQL. */
@org.osgi.annotation.versioning.Version("2.2.0")
package io.modelfleet.persistence;
