package io.modelfleet.plugin.target.gitops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;
import io.modelfleet.api.spi.deployment.TargetUnavailableException;
import io.modelfleet.testkit.ConfigAnnotations;
import io.modelfleet.testkit.TestManifestSigning;

/**
 * HTTPS credentials against real Git over HTTP: {@code git http-backend} behind an HTTP server that wants basic
 * authentication for pushes (like a public repository) or for everything (like a private one).
 */
class HttpCredentialsTest {
    private static final String USER = "fleet-bot";
    private static final String TOKEN = "glpat-Xq7sT0k3nV4lu3-9f2";
    private static final String WRONG = "glpat-Wr0ngT0k3n-77aa";
    private static final List<TargetDeployment> DEPLOYMENTS = List.of(new TargetDeployment(101, 11, "cam-1",
            Map.of("cluster", "eu-1"), new TargetModel(7, "detector", "1.0", "onnx", "a".repeat(64), 1234, Map.of())));

    @TempDir
    Path temp;
    private Remote remote;
    private GitHttpServer publicServer;
    private GitHttpServer privateServer;
    private final List<GitOpsTarget> targets = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        remote = Remote.create(temp.resolve("repos"), "fleet.git");
        publicServer = new GitHttpServer(temp.resolve("repos"), USER, TOKEN, false);
        privateServer = new GitHttpServer(temp.resolve("repos"), USER, TOKEN, true);
    }

    @AfterEach
    void tearDown() {
        targets.forEach(GitOpsTarget::close);
        publicServer.close();
        privateServer.close();
        remote.close();
    }

    private GitOpsTarget target(String url, String token) throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("repositoryUrl", url);
        values.put("serverUrl", "https://fleet.example.com");
        values.put("username", USER);
        if (token != null) {
            values.put("_token", token);
        }
        GitOpsTarget target = new GitOpsTarget(ConfigAnnotations.of(GitOpsTargetConfiguration.class, values), temp.resolve("work-" + targets.size()),
                new TestManifestSigning(), Clock.systemUTC(), GitOpsTarget.PushHook.NONE);
        targets.add(target);
        return target;
    }

    @Test
    void theRightTokenPushes() throws Exception {
        target(publicServer.url("fleet.git"), TOKEN).apply(DEPLOYMENTS);
        assertNotNull(remote.read("main", "modelfleet/eu-1/cam-1.yaml"));
        assertTrue(publicServer.authorizations.contains("Basic "
                + Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8))));

        GitOpsTarget reader = target(privateServer.url("fleet.git"), TOKEN);
        assertEquals(Map.of(), reader.status(DEPLOYMENTS));
        reader.apply(DEPLOYMENTS);
        assertEquals(1, remote.log("main").size());
    }

    @Test
    void aWrongTokenIsRefusedClearlyAndNeverShown() throws Exception {
        String url = publicServer.url("fleet.git");
        GitOpsTarget target = target(url, WRONG);
        Exception refused = quietly(() -> target.apply(DEPLOYMENTS));
        assertEquals("push to " + url + " was refused: authentication failed", refused.getMessage());
        assertInstanceOf(RefusedException.class, refused);
        assertNull(remote.head("main"));
    }

    @Test
    void aPrivateRepositoryRefusesFetchesWithoutTheRightToken() throws Exception {
        String url = privateServer.url("fleet.git");
        GitOpsTarget wrong = target(url, WRONG);
        Exception refused = quietly(() -> wrong.apply(DEPLOYMENTS));
        assertEquals("fetch from " + url + " was refused: authentication failed", refused.getMessage());
        refused = quietly(() -> wrong.status(DEPLOYMENTS));
        assertEquals("fetch from " + url + " was refused: authentication failed", refused.getMessage());

        GitOpsTarget none = target(url, null);
        refused = quietly(() -> none.apply(DEPLOYMENTS));
        assertEquals("fetch from " + url + " was refused: authentication failed", refused.getMessage());
    }

    /** Runs a call that must fail, checking that neither its exception nor the log holds a token. */
    private static Exception quietly(Executable call) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Exception failure;
        try {
            PrintStream capture = new PrintStream(log, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            failure = assertThrows(Exception.class, call);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertFalse(failure instanceof TargetUnavailableException, failure.toString());
        String everything = GitOpsTargetTest.stackTrace(failure) + log.toString(StandardCharsets.UTF_8);
        for (String secret : List.of(TOKEN, WRONG, Base64.getEncoder().encodeToString((USER + ":" + WRONG)
                .getBytes(StandardCharsets.UTF_8)))) {
            assertFalse(everything.contains(secret), everything);
        }
        return failure;
    }
}
