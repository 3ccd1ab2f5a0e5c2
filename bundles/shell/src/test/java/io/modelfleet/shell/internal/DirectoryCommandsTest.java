package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.api.security.DirectoryService;
import io.modelfleet.api.security.DirectorySettings;
import io.modelfleet.api.security.DirectoryTestResult;
import io.modelfleet.api.security.Role;

/** The directory commands, parsed by Karaf's own preparator and run against a directory service that records calls. */
class DirectoryCommandsTest {
    private static final DirectorySettings STORED = new DirectorySettings(true, "ldap://ldap.example.com:389", true,
            "cn=modelfleet,ou=services,dc=example,dc=com", null, true, "ou=people,dc=example,dc=com", "(uid={0})",
            "ou=groups,dc=example,dc=com", "(member={0})", List.of("fleet-admins"), List.of("fleet-managers", "ops"),
            List.of(), "displayName", "mail", "(pwdAccountLockedTime=*)", 5);

    @RegisterExtension
    final ShellConsole console = new ShellConsole();

    private final FakeDirectory directory = new FakeDirectory();
    private final List<String> prompts = new ArrayList<>();

    /** Settings in memory, kept as the service keeps them (no password on reads); records each call. */
    private static final class FakeDirectory implements DirectoryService {
        final List<String> calls = new ArrayList<>();
        DirectorySettings current = STORED;
        DirectorySettings submitted;
        DirectoryTestResult testResult = new DirectoryTestResult(true, true, null, null, null, null, null, false, null,
                null);

        @Override
        public DirectorySettings settings() {
            return current;
        }

        @Override
        public DirectorySettings update(DirectorySettings settings, String actor) {
            calls.add("update by " + actor);
            submitted = settings;
            current = new DirectorySettings(settings.enabled(), settings.url(), settings.startTls(), settings.bindDn(),
                    null, settings.bindPassword() != null || current.bindPasswordSet(), settings.userBaseDn(),
                    settings.userFilter(), settings.groupBaseDn(), settings.groupFilter(), settings.adminGroups(),
                    settings.managerGroups(), settings.viewerGroups(), settings.displayNameAttribute(),
                    settings.emailAttribute(), settings.disabledFilter(), settings.timeoutSeconds());
            return current;
        }

        @Override
        public DirectoryTestResult test(DirectorySettings settings, String username, String password, String actor) {
            calls.add("test " + settings + " " + username + " " + password + " by " + actor);
            return testResult;
        }
    }

    /** The cells of the one line containing {@code text}. */

    /** Runs the command in Alice's session, which answers the password prompts with {@code typed}, in turn. */
    private String runTyping(FleetAction command, List<String> typed, String... args) throws Exception {
        Deque<String> answers = new ArrayDeque<>(typed);
        command.session = ShellConsole.session(Map.of("USER", ShellConsole.USER)::get, (prompt, mask) -> {
            prompts.add(prompt + (mask == null ? "" : " masked"));
            return answers.poll();
        });
        assertTrue(new DefaultActionPreparator().prepare(command, command.session, List.of((Object[]) args)));
        command.execute();
        return console.out();
    }

    private <T extends FleetAction> T with(T command) {
        if (command instanceof DirectoryShowCommand c) {
            c.directory = directory;
        } else if (command instanceof DirectorySetCommand c) {
            c.directory = directory;
        } else if (command instanceof DirectoryTestCommand c) {
            c.directory = directory;
        } else {
            throw new IllegalArgumentException(command.getClass().getName());
        }
        return command;
    }

    /** The stored settings with one or more changes, as the tests expect them submitted. */
    private static DirectorySettings stored(String url, boolean startTls, String bindDn, String password,
            String userFilter, List<String> adminGroups, List<String> viewerGroups, int timeoutSeconds) {
        return new DirectorySettings(STORED.enabled(), url, startTls, bindDn, password,
                password != null || STORED.bindPasswordSet(), STORED.userBaseDn(), userFilter, STORED.groupBaseDn(),
                STORED.groupFilter(), adminGroups, STORED.managerGroups(), viewerGroups,
                STORED.displayNameAttribute(), STORED.emailAttribute(), STORED.disabledFilter(), timeoutSeconds);
    }

    @Test
    void showListsEverySettingUnderItsOptionButNeverThePassword() throws Exception {
        // a service that forgot to leave the password out still does not get it printed
        directory.current = new DirectorySettings(true, STORED.url(), true, STORED.bindDn(), "hunter2-bind", true,
                STORED.userBaseDn(), null, STORED.groupBaseDn(), null, STORED.adminGroups(), STORED.managerGroups(),
                List.of(), null, null, null, null);
        String shown = console.run(with(new DirectoryShowCommand()));
        assertTrue(shown.startsWith("Directory logins are enabled\n"), shown);
        assertEquals(List.of("SETTING", "VALUE"), ShellConsole.row(shown, "SETTING"));
        assertEquals(List.of("url", "ldap://ldap.example.com:389"), ShellConsole.row(shown, "url"));
        assertEquals(List.of("start-tls", "true"), ShellConsole.row(shown, "start-tls"));
        assertEquals(List.of("bind-dn", "cn=modelfleet,ou=services,dc=example,dc=com"), ShellConsole.row(shown, "bind-dn"));
        assertEquals(List.of("bind-password", "set"), ShellConsole.row(shown, "bind-password"));
        assertEquals(List.of("user-base-dn", "ou=people,dc=example,dc=com"), ShellConsole.row(shown, "user-base-dn"));
        assertEquals(List.of("user-filter", "(uid={0})"), ShellConsole.row(shown, "user-filter"));
        assertEquals(List.of("group-base-dn", "ou=groups,dc=example,dc=com"), ShellConsole.row(shown, "group-base-dn"));
        assertEquals(List.of("group-filter", "(member={0})"), ShellConsole.row(shown, "group-filter"));
        assertEquals(List.of("admin-group", "fleet-admins"), ShellConsole.row(shown, "admin-group"));
        assertEquals(List.of("manager-group", "fleet-managers, ops"), ShellConsole.row(shown, "manager-group"));
        assertEquals(List.of("viewer-group", "none"), ShellConsole.row(shown, "viewer-group"));
        assertEquals(List.of("display-name-attribute", "cn"), ShellConsole.row(shown, "display-name-attribute"));
        assertEquals(List.of("email-attribute", "mail"), ShellConsole.row(shown, "email-attribute"));
        assertEquals(List.of("disabled-filter", "-"), ShellConsole.row(shown, "disabled-filter"));
        assertEquals(List.of("timeout-seconds", "5"), ShellConsole.row(shown, "timeout-seconds"));
        assertFalse(shown.contains("hunter2"), shown);
        console.reset();

        directory.current = new DirectorySettings(false, null, false, null, null, false, null, null, null, null, null,
                null, null, null, null, null, null);
        shown = console.run(with(new DirectoryShowCommand()));
        assertTrue(shown.startsWith("Directory logins are disabled (fleet:directory-set --enable turns them on)\n"),
                shown);
        assertEquals(List.of("url", "-"), ShellConsole.row(shown, "url"));
        assertEquals(List.of("bind-password", "not set"), ShellConsole.row(shown, "bind-password"));
        assertEquals(List.of(), directory.calls);
        assertEquals("", console.err());
    }

    @Test
    void setChangesOnlyTheGivenOptionsAndKeepsTheStoredPassword() throws Exception {
        String output = console.run(with(new DirectorySetCommand()), "--url", "ldaps://ldap2.example.com:636",
                "--start-tls", "FALSE", "--viewer-group", "staff", "--viewer-group", "contractors",
                "--timeout-seconds", "10");
        assertEquals(stored("ldaps://ldap2.example.com:636", false, STORED.bindDn(), null, "(uid={0})",
                List.of("fleet-admins"), List.of("staff", "contractors"), 10), directory.submitted);
        assertNull(directory.submitted.bindPassword(), "null keeps the stored password");
        assertEquals(List.of("update by alice"), directory.calls);
        assertEquals(List.of(), prompts);
        assertEquals("", console.err());
        assertTrue(output.startsWith("Directory settings updated; they apply from the next login\n"
                + "Directory logins are enabled\n"), output);
        assertEquals(List.of("url", "ldaps://ldap2.example.com:636"), ShellConsole.row(output, "url"));
        assertEquals(List.of("viewer-group", "staff, contractors"), ShellConsole.row(output, "viewer-group"));
        assertEquals(List.of("manager-group", "fleet-managers, ops"), ShellConsole.row(output, "manager-group"));
        assertEquals(List.of("bind-password", "set"), ShellConsole.row(output, "bind-password"));
        assertTrue(output.endsWith("Try them with fleet:directory-test <username> --password\n"), output);

        console.run(with(new DirectorySetCommand()), "--admin-group", "cn=root,ou=groups,dc=example,dc=com");
        assertEquals(stored("ldaps://ldap2.example.com:636", false, STORED.bindDn(), null, "(uid={0})",
                List.of("cn=root,ou=groups,dc=example,dc=com"), List.of("staff", "contractors"), 10),
                directory.submitted, "a role's groups are replaced, the other roles' kept");
    }

    @Test
    void anEmptyValueClearsASettingOrRestoresItsDefault() throws Exception {
        console.run(with(new DirectorySetCommand()), "--bind-dn", "", "--user-filter", "", "--admin-group", "",
                "--viewer-group", "staff");
        assertEquals(stored(STORED.url(), true, null, null, "(uid={0})", List.of(), List.of("staff"), 5),
                directory.submitted);
        console.run(with(new DirectorySetCommand()), "--disable", "--display-name-attribute", "");
        assertFalse(directory.submitted.enabled());
        assertEquals("cn", directory.submitted.displayNameAttribute());
        assertEquals(List.of("update by alice", "update by alice"), directory.calls);
        assertEquals("", console.err());
    }

    @Test
    void theBindPasswordIsAskedForMaskedTwiceAndOnlyWithTheFlag() throws Exception {
        runTyping(with(new DirectorySetCommand()), List.of("bind-secret-1", "bind-secret-1"), "--bind-password",
                "--bind-dn", "cn=svc,dc=example,dc=com");
        assertEquals(stored(STORED.url(), true, "cn=svc,dc=example,dc=com", "bind-secret-1", "(uid={0})",
                List.of("fleet-admins"), List.of(), 5), directory.submitted);
        assertEquals(List.of("Bind password:  masked", "Repeat the bind password:  masked"), prompts);
        assertFalse(console.out().contains("bind-secret-1"), console.out());

        runTyping(with(new DirectorySetCommand()), List.of("bind-secret-1", "bind-secret-2"), "--bind-password");
        runTyping(with(new DirectorySetCommand()), List.of("", ""), "--bind-password");
        // a typo in the options costs no password entries
        runTyping(with(new DirectorySetCommand()), List.of(), "--bind-password", "--timeout-seconds", "soon");
        console.run(with(new DirectorySetCommand()), "--bind-password");
        assertEquals(List.of("Error: the two bind passwords differ; nothing was changed",
                "Error: the bind password is empty; nothing was changed (to bind anonymously, give --bind-dn \"\")",
                "Error: --timeout-seconds must be a whole number; was 'soon'",
                "Error: this session cannot ask for the bind password; set it with PUT /api/v1/directory"),
                console.errors());
        assertEquals(6, prompts.size());
        assertEquals(List.of("update by alice"), directory.calls);
    }

    @Test
    void setRefusesBadInputWithOneLineNamingTheOption() throws Exception {
        List<List<String>> attempts = List.of(
                List.of(),
                List.of("--enable", "--disable"),
                List.of("--start-tls", "maybe"),
                List.of("--timeout-seconds", "0"),
                List.of("--url", "http://ldap.example.com"),
                List.of("--url", ""),
                List.of("--user-filter", "(cn=fixed)"),
                List.of("--url", "ldaps://ldap.example.com:636"),
                List.of("--url", "ldaps://ldap.example.com:636", "--start-tls", "true"),
                List.of("--admin-group", "", "--manager-group", ""),
                List.of("--admin-group", "x".repeat(513)));
        for (List<String> args : attempts) {
            console.run(with(new DirectorySetCommand()), args.toArray(String[]::new));
        }
        assertEquals(List.of(
                "Error: give the settings to change, such as --url or --enable; fleet:directory-show shows the "
                        + "current ones",
                "Error: give --enable or --disable, not both",
                "Error: --start-tls must be true or false; was 'maybe'",
                "Error: --timeout-seconds must be between 1 and 60, was 0",
                "Error: --url must start with ldap:// or ldaps://",
                "Error: --url is required",
                "Error: --user-filter must contain {0}, where the username goes",
                "Error: --start-tls true is for ldap:// URLs; an ldaps:// --url is TLS from the start (the settings "
                        + "use StartTLS: add --start-tls false)",
                "Error: --start-tls true is for ldap:// URLs; an ldaps:// --url is TLS from the start",
                "Error: map at least one directory group to a role: nobody could sign in",
                "Error: --admin-group is 513 characters long; the limit is 512"), console.errors());
        assertEquals(List.of(), directory.calls);
        assertEquals("", console.out());

        // disabled, the settings need not be complete
        directory.current = new DirectorySettings(false, null, false, null, null, false, null, null, null, null, null,
                null, null, null, null, null, null);
        console.run(with(new DirectorySetCommand()), "--enable");
        console.run(with(new DirectorySetCommand()), "--url", "ldaps://ldap.example.com:636");
        assertEquals("Error: --url is required", console.errors().get(11));
        assertEquals(List.of("update by alice"), directory.calls);
        assertEquals(12, console.errors().size());
    }

    @Test
    void testShowsWhatTheDirectoryAnsweredForAUserSigningInWithAMaskedPassword() throws Exception {
        directory.testResult = new DirectoryTestResult(true, true, "uid=jdoe,ou=people,dc=example,dc=com",
                List.of("fleet-managers", "ops"), Role.MANAGER, "Jane Doe", "jdoe@example.com", false, true, null);
        String output = runTyping(with(new DirectoryTestCommand()), List.of("jane-password"), "--password", "jdoe");
        assertEquals(List.of("test null jdoe jane-password by alice"), directory.calls);
        assertEquals(List.of("Password of jdoe:  masked"), prompts);
        assertEquals("Directory ldap://ldap.example.com:389\n"
                + "  connected      yes\n"
                + "  bound          yes, as cn=modelfleet,ou=services,dc=example,dc=com\n"
                + "  user DN        uid=jdoe,ou=people,dc=example,dc=com\n"
                + "  groups         fleet-managers, ops\n"
                + "  role           MANAGER\n"
                + "  display name   Jane Doe\n"
                + "  email          jdoe@example.com\n"
                + "  disabled       no\n"
                + "  authenticated  yes\n", output);
        assertEquals("", console.err());
        console.reset();

        directory.testResult = new DirectoryTestResult(true, true, "uid=jdoe,ou=people,dc=example,dc=com",
                List.of(), null, null, null, true, null, "none of the user's groups is mapped to a role");
        output = console.run(with(new DirectoryTestCommand()), "jdoe");
        assertEquals("Directory ldap://ldap.example.com:389\n"
                + "  connected      yes\n"
                + "  bound          yes, as cn=modelfleet,ou=services,dc=example,dc=com\n"
                + "  user DN        uid=jdoe,ou=people,dc=example,dc=com\n"
                + "  groups         none\n"
                + "  role           none: no access\n"
                + "  display name   -\n"
                + "  email          -\n"
                + "  disabled       yes: refused at sign-in\n"
                + "  authenticated  not tried (--password asks for one)\n", output);
        assertEquals(List.of("Error: directory test failed: none of the user's groups is mapped to a role"),
                console.errors());
        assertEquals("test null jdoe null by alice", directory.calls.get(1));
    }

    @Test
    void testWithoutAUserConnectsAndBindsOnlyAndAFailureEndsInAnError() throws Exception {
        directory.current = new DirectorySettings(false, "ldaps://ldap.example.com:636", false, null, null, false,
                "ou=people,dc=example,dc=com", null, null, null, null, null, null, null, null, null, null);
        String output = console.run(with(new DirectoryTestCommand()));
        assertEquals("Directory ldaps://ldap.example.com:636 (directory logins are disabled)\n"
                + "  connected      yes\n"
                + "  bound          yes, anonymously\n", output);
        assertEquals("", console.err());
        console.reset();

        directory.testResult = new DirectoryTestResult(true, true, null, null, null, null, null, false, null,
                "no user 'nobody' under ou=people,dc=example,dc=com");
        output = runTyping(with(new DirectoryTestCommand()), List.of("whatever-1"), "--password", "nobody");
        assertTrue(output.contains("  user DN        -\n  groups         -\n  role           -\n"), output);
        assertTrue(output.endsWith("  authenticated  not tried\n"), output);
        console.reset();

        directory.testResult = new DirectoryTestResult(false, false, null, null, null, null, null, false, null,
                "connection refused: ldap.example.com:636");
        output = console.run(with(new DirectoryTestCommand()), "jdoe");
        assertTrue(output.contains("  connected      no\n  bound          no\n"), output);
        assertEquals(List.of("test null null null by alice", "test null nobody whatever-1 by alice",
                "test null jdoe null by alice"), directory.calls);

        console.run(with(new DirectoryTestCommand()), "--password");
        runTyping(with(new DirectoryTestCommand()), List.of(""), "--password", "jdoe");
        console.run(with(new DirectoryTestCommand()), "--password", "jdoe");
        assertEquals(List.of("Error: directory test failed: no user 'nobody' under ou=people,dc=example,dc=com",
                "Error: directory test failed: connection refused: ldap.example.com:636",
                "Error: --password signs a user in: give the username too",
                "Error: an empty password never signs in; nothing was tested",
                "Error: this session cannot ask for a password; test a sign-in with POST /api/v1/directory/test"),
                console.errors());
        assertEquals(3, directory.calls.size(), "nothing tested after a refusal");
    }
}
