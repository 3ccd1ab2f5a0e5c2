/** REST conventions shared by the bundles that serve HTTP; since 1.2.0 {@link io.modelfleet.api.rest.Ids}. */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.modelfleet.api.rest;
