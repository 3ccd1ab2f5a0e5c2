package io.modelfleet.api.security;

import java.util.List;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * How operators sign in with the company directory (LDAP). Users are found under {@code userBaseDn} with
 * {@code userFilter} ({@code {0}}: the username, escaped) and signed in by binding as themselves; their groups are the
 * entries under {@code groupBaseDn} matching {@code groupFilter} ({@code {0}}: the user's DN, {@code {1}}: the
 * username), named by their {@code cn} or DN in the role lists (the highest role wins; no listed group: no access).
 * An account matching {@code disabledFilter} (e.g. {@code (pwdAccountLockedTime=*)}) is refused. {@code bindPassword}
 * is write-only: reads return null and {@code bindPasswordSet}; null on an update keeps the stored one.
 */
public record DirectorySettings(boolean enabled, String url, boolean startTls, String bindDn, String bindPassword,
        boolean bindPasswordSet, String userBaseDn, String userFilter, String groupBaseDn, String groupFilter,
        List<String> adminGroups, List<String> managerGroups, List<String> viewerGroups, String displayNameAttribute,
        String emailAttribute, String disabledFilter, Integer timeoutSeconds) {
    public static final int MAX_GROUPS = 50;

    public DirectorySettings {
        adminGroups = groups("adminGroups", adminGroups);
        managerGroups = groups("managerGroups", managerGroups);
        viewerGroups = groups("viewerGroups", viewerGroups);
        Validation.optional("url", url, 512);
        Validation.optional("bindDn", bindDn, 512);
        Validation.optional("bindPassword", bindPassword, 256);
        Validation.optional("userBaseDn", userBaseDn, 512);
        userFilter = userFilter == null || userFilter.isBlank() ? "(uid={0})" : userFilter;
        Validation.optional("userFilter", userFilter, 512);
        Validation.optional("groupBaseDn", groupBaseDn, 512);
        groupFilter = groupFilter == null || groupFilter.isBlank() ? "(member={0})" : groupFilter;
        Validation.optional("groupFilter", groupFilter, 512);
        displayNameAttribute = displayNameAttribute == null || displayNameAttribute.isBlank() ? "cn" : displayNameAttribute;
        Validation.optional("displayNameAttribute", displayNameAttribute, 64);
        emailAttribute = emailAttribute == null || emailAttribute.isBlank() ? "mail" : emailAttribute;
        Validation.optional("emailAttribute", emailAttribute, 64);
        Validation.optional("disabledFilter", disabledFilter, 512);
        timeoutSeconds = timeoutSeconds == null ? 5 : timeoutSeconds;
        Validation.range("timeoutSeconds", timeoutSeconds, 1, 60);
        if (enabled) {
            Validation.required("url", url, 512);
            if (!url.startsWith("ldap://") && !url.startsWith("ldaps://")) {
                throw Validation.invalid("url", "must start with ldap:// or ldaps://");
            }
            if (startTls && url.startsWith("ldaps://")) {
                throw new InvalidInputException("startTls is for ldap:// URLs; ldaps:// is TLS from the start");
            }
            Validation.required("userBaseDn", userBaseDn, 512);
            if (!userFilter.contains("{0}")) {
                throw Validation.invalid("userFilter", "must contain {0}, where the username goes");
            }
            if (adminGroups.isEmpty() && managerGroups.isEmpty() && viewerGroups.isEmpty()) {
                throw new InvalidInputException("map at least one directory group to a role: nobody could sign in");
            }
        }
    }

    private static List<String> groups(String field, List<String> groups) {
        if (groups == null) {
            return List.of();
        }
        if (groups.size() > MAX_GROUPS) {
            throw Validation.invalid(field, "lists " + groups.size() + " groups; the limit is " + MAX_GROUPS);
        }
        for (String group : groups) {
            Validation.required(field, group, 512);
        }
        return List.copyOf(groups);
    }

    /** The same settings as they may be shown: no password. */
    public DirectorySettings withoutPassword() {
        return new DirectorySettings(enabled, url, startTls, bindDn, null, bindPasswordSet, userBaseDn, userFilter,
                groupBaseDn, groupFilter, adminGroups, managerGroups, viewerGroups, displayNameAttribute,
                emailAttribute, disabledFilter, timeoutSeconds);
    }
}
