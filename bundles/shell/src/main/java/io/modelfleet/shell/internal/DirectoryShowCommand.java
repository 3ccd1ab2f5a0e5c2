package io.modelfleet.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.security.DirectoryService;
import io.modelfleet.api.security.DirectorySettings;

@Service
@Command(scope = "fleet", name = "directory-show", description = "Shows how operators sign in with the company "
        + "directory (LDAP), each setting under the name of the fleet:directory-set option that changes it; the bind "
        + "password only as set or not")
public class DirectoryShowCommand extends FleetAction {
    @Reference
    DirectoryService directory;

    @Override
    void run() {
        System.out.print(describe(directory.settings()));
    }

    /** A heading saying whether directory logins are on, and one row per setting; never the bind password. */
    static String describe(DirectorySettings settings) {
        ShellTable table = new ShellTable();
        table.column("SETTING");
        table.column("VALUE");
        row(table, "url", settings.url());
        row(table, "start-tls", settings.startTls());
        row(table, "bind-dn", settings.bindDn());
        row(table, "bind-password", settings.bindPasswordSet() ? "set" : "not set");
        row(table, "user-base-dn", settings.userBaseDn());
        row(table, "user-filter", settings.userFilter());
        row(table, "group-base-dn", settings.groupBaseDn());
        row(table, "group-filter", settings.groupFilter());
        row(table, "admin-group", groups(settings.adminGroups()));
        row(table, "manager-group", groups(settings.managerGroups()));
        row(table, "viewer-group", groups(settings.viewerGroups()));
        row(table, "display-name-attribute", settings.displayNameAttribute());
        row(table, "email-attribute", settings.emailAttribute());
        row(table, "disabled-filter", settings.disabledFilter());
        row(table, "timeout-seconds", settings.timeoutSeconds());
        String heading = settings.enabled() ? "Directory logins are enabled"
                : "Directory logins are disabled (fleet:directory-set --enable turns them on)";
        return heading + "\n" + Format.table(table);
    }

    private static void row(ShellTable table, String setting, Object value) {
        table.addRow().addContent(setting, Format.text(value));
    }

    private static String groups(List<String> groups) {
        return groups.isEmpty() ? "none" : String.join(", ", groups);
    }
}
