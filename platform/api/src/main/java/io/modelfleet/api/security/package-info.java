/**
 * Users, roles, sessions and the audit log.
 * <p>
 * 2.1.0: {@link io.modelfleet.api.security.UserService#verifyPassword}, for the SSH console's logins.
 * 2.2.0: {@link io.modelfleet.api.security.UserService#changeOwnPassword}.
 */
@org.osgi.annotation.versioning.Version("2.2.0")
package io.modelfleet.api.security;
