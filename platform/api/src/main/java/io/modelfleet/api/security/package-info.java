/**
 * Users, roles, sessions and the audit log.
 * <p>
 * 2.1.0: {@link io.modelfleet.api.security.UserService#verifyPassword}, for the SSH console's logins.
 * 2.2.0: {@link io.modelfleet.api.security.UserService#changeOwnPassword}.
 * 2.3.0: directory (LDAP) accounts: {@link io.modelfleet.api.security.User#directory} with the display name and email
 * synced at login; {@link io.modelfleet.api.security.DirectoryService} to configure and test the directory.
 */
@org.osgi.annotation.versioning.Version("2.3.0")
package io.modelfleet.api.security;
