package io.modelfleet.api.security;

import java.util.List;

/**
 * What a test of the directory settings found: whether the server connected and bound with the service account,
 * and, for a username, the user's entry, groups and the role they give ({@code role} null: no access). With a
 * password, {@code authenticated} says whether it signs that user in. {@code error} names the first failure.
 */
public record DirectoryTestResult(boolean connected, boolean bound, String userDn, List<String> groups, Role role,
        String displayName, String email, boolean disabled, Boolean authenticated, String error) {
    public DirectoryTestResult {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
