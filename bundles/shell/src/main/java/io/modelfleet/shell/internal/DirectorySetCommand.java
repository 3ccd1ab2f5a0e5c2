package io.modelfleet.shell.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.security.DirectoryService;
import io.modelfleet.api.security.DirectorySettings;

/**
 * The stored settings with the given options over them, submitted whole; the bind password goes along only when it
 * was asked for, since the service keeps the stored one for a null.
 */
@Service
@Command(scope = "fleet", name = "directory-set", description = "Changes how operators sign in with the company "
        + "directory (LDAP): options change only the settings they name (\"\" clears one or restores its default), "
        + "a role's group options replace that role's groups; the settings apply from the next login")
public class DirectorySetCommand extends FleetAction {
    private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("url", "--url"),
            Map.entry("startTls", "--start-tls"), Map.entry("bindDn", "--bind-dn"),
            Map.entry("bindPassword", "--bind-password"), Map.entry("userBaseDn", "--user-base-dn"),
            Map.entry("userFilter", "--user-filter"), Map.entry("groupBaseDn", "--group-base-dn"),
            Map.entry("groupFilter", "--group-filter"), Map.entry("adminGroups", "--admin-group"),
            Map.entry("managerGroups", "--manager-group"), Map.entry("viewerGroups", "--viewer-group"),
            Map.entry("displayNameAttribute", "--display-name-attribute"),
            Map.entry("emailAttribute", "--email-attribute"), Map.entry("disabledFilter", "--disabled-filter"),
            Map.entry("timeoutSeconds", "--timeout-seconds"));

    @Reference
    DirectoryService directory;

    @Option(name = "--enable", description = "turn directory logins on (needs --url, --user-base-dn and a group "
            + "mapped to a role)")
    boolean enable;

    @Option(name = "--disable", description = "turn directory logins off; local accounts keep working")
    boolean disable;

    @Option(name = "--url", description = "the directory server: ldap://host:389 or ldaps://host:636")
    String url;

    @Option(name = "--start-tls", description = "true: upgrade an ldap:// connection with StartTLS; false: do not")
    String startTls;

    @Option(name = "--bind-dn", description = "the service account that searches the directory (\"\": bind "
            + "anonymously)")
    String bindDn;

    @Option(name = "--bind-password", description = "ask for the service account's password (masked, twice); "
            + "without it the stored password is kept")
    boolean bindPassword;

    @Option(name = "--user-base-dn", description = "where users are searched, e.g. ou=people,dc=example,dc=com")
    String userBaseDn;

    @Option(name = "--user-filter", description = "finds a user, {0} standing for the username (default (uid={0}))")
    String userFilter;

    @Option(name = "--group-base-dn", description = "where groups are searched (\"\": no groups)")
    String groupBaseDn;

    @Option(name = "--group-filter", description = "finds a user's groups, {0} standing for the user's DN and {1} "
            + "for the username (default (member={0}))")
    String groupFilter;

    @Option(name = "--admin-group", multiValued = true, description = "a group (cn or DN) whose members are ADMIN; "
            + "repeat for several; replaces the admin groups (\"\": none)")
    List<String> adminGroups;

    @Option(name = "--manager-group", multiValued = true, description = "a group (cn or DN) whose members are "
            + "MANAGER; repeat for several; replaces the manager groups (\"\": none)")
    List<String> managerGroups;

    @Option(name = "--viewer-group", multiValued = true, description = "a group (cn or DN) whose members are VIEWER; "
            + "repeat for several; replaces the viewer groups (\"\": none)")
    List<String> viewerGroups;

    @Option(name = "--display-name-attribute", description = "the user attribute with the name shown for them "
            + "(default cn)")
    String displayNameAttribute;

    @Option(name = "--email-attribute", description = "the user attribute with their email address (default mail)")
    String emailAttribute;

    @Option(name = "--disabled-filter", description = "users matching it are refused, e.g. (pwdAccountLockedTime=*) "
            + "(\"\": none)")
    String disabledFilter;

    @Option(name = "--timeout-seconds", description = "how long to wait for the directory to connect or answer "
            + "(1..60, default 5)")
    String timeoutSeconds;

    @Override
    void run() throws IOException {
        // options first: a typo in them should not cost the operator two password entries
        Boolean parsedStartTls = Parse.bool("--start-tls", startTls);
        Integer parsedTimeout = Parse.integer("--timeout-seconds", timeoutSeconds);
        if (enable && disable) {
            throw new InvalidInputException("give --enable or --disable, not both");
        }
        if (!anyGiven()) {
            throw new InvalidInputException("give the settings to change, such as --url or --enable; "
                    + "fleet:directory-show shows the current ones");
        }
        DirectorySettings current = directory.settings();
        boolean enabled = enable || (!disable && current.enabled());
        String nextUrl = given(url, current.url());
        boolean nextStartTls = parsedStartTls != null ? parsedStartTls : current.startTls();
        if (enabled && nextStartTls && nextUrl != null && nextUrl.startsWith("ldaps://")) {
            // the API's message names its field, startTls, in a sentence of its own; the option reads better here
            throw new InvalidInputException("--start-tls true is for ldap:// URLs; an ldaps:// --url is TLS from the "
                    + "start" + (parsedStartTls == null ? " (the settings use StartTLS: add --start-tls false)" : ""));
        }
        // checked before asking for the password, then once more with it (its length)
        Integer timeout = parsedTimeout != null ? parsedTimeout : current.timeoutSeconds();
        DirectorySettings next = settings(current, enabled, nextUrl, nextStartTls, timeout, null);
        if (bindPassword) {
            next = settings(current, enabled, nextUrl, nextStartTls, timeout, promptPassword());
        }
        DirectorySettings stored = directory.update(next, actor());
        System.out.println("Directory settings updated; they apply from the next login");
        System.out.print(DirectoryShowCommand.describe(stored));
        System.out.println("Try them with fleet:directory-test <username> --password");
    }

    private DirectorySettings settings(DirectorySettings current, boolean enabled, String nextUrl,
            boolean nextStartTls, Integer timeout, String password) {
        return Parse.naming(OPTIONS, () -> new DirectorySettings(enabled, nextUrl, nextStartTls,
                given(bindDn, current.bindDn()), password, password != null || current.bindPasswordSet(),
                given(userBaseDn, current.userBaseDn()), given(userFilter, current.userFilter()),
                given(groupBaseDn, current.groupBaseDn()), given(groupFilter, current.groupFilter()),
                groups(adminGroups, current.adminGroups()), groups(managerGroups, current.managerGroups()),
                groups(viewerGroups, current.viewerGroups()),
                given(displayNameAttribute, current.displayNameAttribute()),
                given(emailAttribute, current.emailAttribute()), given(disabledFilter, current.disabledFilter()),
                timeout));
    }

    private boolean anyGiven() {
        return enable || disable || bindPassword || adminGroups != null || managerGroups != null
                || viewerGroups != null || timeoutSeconds != null || startTls != null
                || Stream.of(url, bindDn, userBaseDn, userFilter, groupBaseDn, groupFilter,
                        displayNameAttribute, emailAttribute, disabledFilter).anyMatch(Objects::nonNull);
    }

    /** The typed value, or the current one when the option is left out; "" clears it (the API's default applies). */
    private static String given(String typed, String current) {
        if (typed == null) {
            return current;
        }
        return typed.isBlank() ? null : typed;
    }

    /** The typed groups replace the role's list; "" alone leaves the role without groups. */
    private static List<String> groups(List<String> typed, List<String> current) {
        return typed == null ? current : typed.stream().filter(group -> !group.isBlank()).toList();
    }

    private String promptPassword() throws IOException {
        String first;
        String second;
        try {
            first = session.readLine("Bind password: ", '*');
            second = session.readLine("Repeat the bind password: ", '*');
        } catch (UnsupportedOperationException e) {
            // headless sessions (ssh exec, scripts) have no terminal to prompt on
            throw new InvalidInputException("this session cannot ask for the bind password; set it with "
                    + "PUT /api/v1/directory");
        }
        if (!Objects.equals(first, second)) {
            throw new InvalidInputException("the two bind passwords differ; nothing was changed");
        }
        if (first == null || first.isEmpty()) {
            throw new InvalidInputException("the bind password is empty; nothing was changed (to bind anonymously, "
                    + "give --bind-dn \"\")");
        }
        return first;
    }
}
