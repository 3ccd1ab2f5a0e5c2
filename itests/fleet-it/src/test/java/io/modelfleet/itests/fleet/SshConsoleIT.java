package io.modelfleet.itests.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.Processes;
import io.modelfleet.itests.harness.SshConsole;
import io.modelfleet.itests.harness.SshConsole.Outcome;

/**
 * The Karaf console over SSH with ModelFleet's own users, through a real SSH client (Apache MINA) and the shipped
 * {@code bin/client}: each role runs what it may and is refused the rest, wrong passwords are throttled together with
 * web logins, and the console listens on loopback only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshConsoleIT {
    private static final String PASSWORD = "console-password-1";

    private FleetServer fleet;
    private Api api;
    private SshConsole console;

    @BeforeAll
    void start() throws Exception {
        Path work = Path.of(System.getProperty("modelfleet.work.dir", "target/fleet")).resolveSibling("ssh-console");
        if (Files.exists(work)) {
            Processes.run(List.of("rm", "-rf", work.toString()));
        }
        fleet = new FleetServer(work, "mf_it_ssh_");
        fleet.start();
        api = fleet.api();
        for (String role : List.of("VIEWER", "MANAGER", "ADMIN")) {
            Api.Reply created = api.send("POST", "/api/v1/users", Map.of("username", role.toLowerCase() + "-op",
                    "password", PASSWORD, "role", role));
            assertEquals(201, created.status(), () -> "user: " + created.body());
        }
        api.send("POST", "/api/v1/users", Map.of("username", "victim", "password", PASSWORD, "role", "VIEWER"));
        console = new SshConsole(fleet.sshPort());
    }

    @AfterAll
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private ClientSession session(String user, String password) throws IOException {
        return console.session(user, password);
    }

    private Outcome run(String user, String command) throws IOException {
        return console.run(user, PASSWORD, command);
    }

    private void assertAllowed(String user, String command, String expected) throws IOException {
        Outcome outcome = run(user, command);
        assertFalse(outcome.out().contains("Insufficient credentials") || outcome.out().contains("Command not found"),
                user + " may run " + command + ": " + outcome.out());
        assertTrue(outcome.out().contains(expected), user + " ran " + command + " and saw: " + outcome.out());
    }

    private void assertRefused(String user, String command) throws IOException {
        Outcome outcome = run(user, command);
        assertTrue(outcome.out().contains("Insufficient credentials") || outcome.out().contains("Command not found"),
                user + " must not run " + command + ": " + outcome.out());
    }

    @Test
    void eachRoleRunsWhatItMayAndIsRefusedTheRest() throws Exception {
        // viewers read
        assertAllowed("viewer-op", "fleet:edge-list", "of 0 edges");
        assertAllowed("viewer-op", "fleet:rollout-list", "of 0 rollouts");
        assertAllowed("viewer-op", "fleet:agent-settings", "heartbeat");
        assertRefused("viewer-op", "fleet:agent-settings --heartbeat 30");
        assertRefused("viewer-op", "fleet:token-create --uses 1 console");
        assertRefused("viewer-op", "fleet:user-list");
        assertRefused("viewer-op", "feature:list");
        assertRefused("viewer-op", "system:shutdown -f");
        // managers change the fleet
        assertAllowed("manager-op", "fleet:agent-settings --heartbeat 30", "30");
        assertEquals(30, api.get("/api/v1/agent-settings").body().get("heartbeatSeconds").asInt(),
                "the manager's change reached the server");
        assertRefused("manager-op", "fleet:user-list");
        assertRefused("manager-op", "fleet:token-list");
        assertRefused("manager-op", "bundle:stop io.modelfleet.security");
        assertRefused("manager-op", "feature:uninstall modelfleet-target-edge-agent");
        assertRefused("viewer-op", "bundle:list");
        // admins run everything
        assertAllowed("admin-op", "fleet:user-list", "viewer-op");
        assertAllowed("admin-op", "feature:list -i", "modelfleet");
    }

    @Test
    void wrongPasswordsAreThrottledTogetherWithWebLogins() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThrows(Exception.class, () -> session("victim", "wrong-password").close(), "attempt " + i);
        }
        // the web login of the same user from the same address is throttled now
        Api web = new Api(api.base());
        Api.Reply throttled = web.send("POST", "/api/v1/auth/login", Map.of("username", "victim", "password", PASSWORD));
        assertEquals(429, throttled.status(), () -> "after 5 wrong SSH passwords: " + throttled.body());
        // and so is the console, even with the right password
        assertThrows(Exception.class, () -> session("victim", PASSWORD).close());
        assertTrue(api.get("/api/v1/audit?targetType=login&limit=20").body().toString().contains("victim"),
                "the throttle is audited");
    }

    @Test
    void binClientRunsCommandsAsAModelFleetUser() throws Exception {
        Path output = Files.createTempFile("client", ".txt");
        Process process = new ProcessBuilder(fleet.home().resolve("bin/client").toString(), "-a",
                Integer.toString(fleet.sshPort()), "-u", "viewer-op", "-p", PASSWORD, "fleet:edge-list")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/client ends");
        String text = Files.readString(output);
        assertEquals(0, process.exitValue(), text);
        assertTrue(text.contains("of 0 edges"), text);
        assertFalse(text.contains("NoClassDefFoundError"), text);
    }

    @Test
    void theConsoleListensOnLoopbackOnly() throws Exception {
        // /proc/net/tcp{,6}: local address and port in hex; state 0A is LISTEN
        String port = String.format(":%04X ", fleet.sshPort());
        List<String> listeners = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && (fields[1] + " ").endsWith(port) && fields[3].equals("0A")) {
                    listeners.add(fields[1]);
                }
            }
        }
        assertEquals(1, listeners.size(), "one listener: " + listeners);
        // 127.0.0.1, or the same as an IPv4-mapped IPv6 address (::ffff:127.0.0.1)
        assertTrue(List.of(String.format("0100007F:%04X", fleet.sshPort()),
                String.format("0000000000000000FFFF00000100007F:%04X", fleet.sshPort())).contains(listeners.get(0)),
                "on 127.0.0.1 only: " + listeners);
    }
}
