package io.modelfleet.agent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {
    private static final Path HOME = Path.of("/opt/agent");
    private static final String SECRET = "Zm9vYmFy-secret_42";

    @TempDir
    Path dir;

    /** serve's arguments with identity files that hold {@code credential} and a real Ed25519 public key. */
    private List<String> serve(String credential, String... more) throws Exception {
        Path credentialFile = Files.writeString(dir.resolve("credential"), credential);
        Path keyFile = Files.writeString(dir.resolve("server-key"), Base64.getMimeEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()) + "\n");
        List<String> args = new ArrayList<>(List.of("serve", "--server", "https://fleet.example", "--credential-file",
                credentialFile.toString(), "--server-key-file", keyFile.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private String refusal(List<String> args, Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> Options.parse(args, env, HOME)).getMessage();
    }

    @Test
    void optionsWinOverTheEnvironmentWhichWinsOverDefaults() {
        Options options = Options.parse(List.of("run", "--server", "https://a.example", "--http-port", "9000"),
                Map.of("MODELFLEET_SERVER_URL", "https://env.example", "MODELFLEET_ENROLLMENT_TOKEN", "mft_x"), HOME);
        assertEquals("run", options.command());
        assertEquals("https://a.example", options.properties().get("modelfleet.server.url"));
        assertEquals("mft_x", options.properties().get("modelfleet.enrollment.token"));
        assertEquals("9000", options.properties().get("modelfleet.agent.http.port"));
        assertEquals("/opt/agent/data/agent", options.properties().get("modelfleet.agent.data"));
        assertEquals("/opt/agent", options.properties().get("modelfleet.agent.home"));
    }

    @Test
    void runIsTheDefaultCommandAndSimulateNeedsACount() {
        assertEquals("run", Options.parse(List.of(), Map.of(), HOME).command());
        Options simulate = Options.parse(List.of("simulate", "--count", "1000", "--rate", "2.5"), Map.of(), HOME);
        assertEquals("1000", simulate.properties().get("modelfleet.agent.simulate.count"));
        assertEquals("2.5", simulate.properties().get("modelfleet.agent.simulate.rate"));
        assertEquals("-1", simulate.properties().get("modelfleet.agent.http.port"), "virtual agents have no endpoint");
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("simulate"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(List.of("simulate", "--count", "0"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("run", "--count", "5"), Map.of(), HOME));
    }

    @Test
    void badInputIsExplained() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("fly"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--colour", "red"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--server"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--http-port", "70000"), Map.of(), HOME));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--http-port", "x"), Map.of(), HOME));
    }

    @Test
    void serveTakesItsIdentityFromFilesAndNoToken() throws Exception {
        Options options = Options.parse(serve("mfc_42_" + SECRET + "\n", "--data", "/var/lib/edge", "--http-port", "8080",
                "--name", "camera-1"), Map.of("MODELFLEET_ENROLLMENT_TOKEN", "mft_from_env"), HOME);
        assertEquals("serve", options.command());
        assertEquals(dir.resolve("credential").toString(), options.properties().get("modelfleet.agent.credential.file"));
        assertEquals(dir.resolve("server-key").toString(), options.properties().get("modelfleet.agent.server.key.file"));
        assertEquals("https://fleet.example", options.properties().get("modelfleet.server.url"));
        assertEquals("/var/lib/edge", options.properties().get("modelfleet.agent.data"));
        assertEquals("8080", options.properties().get("modelfleet.agent.http.port"));
        assertEquals("", options.properties().get("modelfleet.enrollment.token"), "serve never enrolls");
        assertEquals("0.0.0.0", options.properties().get("modelfleet.agent.http.host"), "reachable by its Service");
        Options run = Options.parse(List.of("run"), Map.of(), HOME);
        assertEquals("127.0.0.1", run.properties().get("modelfleet.agent.http.host"), "run stays on loopback");
        assertEquals("", run.properties().get("modelfleet.agent.credential.file"), "etc/ placeholders always resolve");
        assertEquals("", run.properties().get("modelfleet.agent.server.key.file"));
    }

    @Test
    void serveRefusesATokenAndNeedsItsServerAndBothFiles() throws Exception {
        String token = refusal(serve("mfc_42_" + SECRET, "--token", "mft_x"), Map.of());
        assertTrue(token.contains("'serve'") && token.contains("--token"), token);
        List<String> full = serve("mfc_42_" + SECRET);
        assertTrue(refusal(full.subList(0, 5), Map.of()).contains("--credential-file and --server-key-file"));
        assertTrue(refusal(List.of("serve", "--server", "https://fleet.example"), Map.of()).contains("needs --credential-file"));
        List<String> noServer = new ArrayList<>(full);
        noServer.subList(1, 3).clear();
        assertTrue(refusal(noServer, Map.of()).contains("needs --server"));
        assertEquals("https://env.example", Options.parse(noServer, Map.of("MODELFLEET_SERVER_URL", "https://env.example"),
                HOME).properties().get("modelfleet.server.url"));
    }

    @Test
    void identityFilesBelongToServeOnly() throws Exception {
        for (String command : List.of("run", "simulate", "check")) {
            List<String> args = new ArrayList<>(serve("mfc_42_" + SECRET));
            args.set(0, command);
            String message = refusal(args, Map.of());
            assertTrue(message.contains("--credential-file and --server-key-file belong to 'serve'"), message);
        }
    }

    @Test
    void malformedIdentityFilesAreRefusedWithoutShowingTheSecret() throws Exception {
        for (String bad : List.of("mfc_x_" + SECRET, "mfc_042_" + SECRET, "mfc_0_" + SECRET, SECRET, "mfc_42_",
                "mfc_42_" + SECRET + "\n" + SECRET, "mfc_42_" + SECRET.repeat(10), "")) {
            String message = refusal(serve(bad), Map.of());
            assertTrue(message.contains("--credential-file " + dir.resolve("credential")), message);
            assertFalse(message.contains(SECRET), message);
        }
        List<String> args = serve("mfc_42_" + SECRET);
        Files.writeString(dir.resolve("server-key"), "bm90IGEga2V5");
        assertTrue(refusal(args, Map.of()).contains("--server-key-file " + dir.resolve("server-key") + " does not hold"));
        Files.delete(dir.resolve("server-key"));
        assertTrue(refusal(args, Map.of()).contains("cannot be read"));
    }
}
