package io.modelfleet.api.security;

import org.osgi.annotation.versioning.ProviderType;

/** The company directory operators sign in with: its settings and a test of them. */
@ProviderType
public interface DirectoryService {
    /** The current settings, without the bind password. */
    DirectorySettings settings();

    /** Stores new settings; they apply to the next login. */
    DirectorySettings update(DirectorySettings settings, String actor);

    /**
     * Connects with {@code settings} (or the current ones when null) and, for a username, looks the user up and
     * (with a password) signs in as them; nothing is stored.
     */
    DirectoryTestResult test(DirectorySettings settings, String username, String password, String actor);
}
