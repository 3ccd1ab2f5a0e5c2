/**
 * Errors every service reports and paging.
 * <p>
 * 1.2.0: {@link io.modelfleet.api.UnavailableException} (503).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.modelfleet.api;
