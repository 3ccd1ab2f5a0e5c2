package io.modelfleet.plugin.target.gitops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;
import io.modelfleet.api.spi.deployment.TargetStatus;
import io.modelfleet.api.spi.deployment.TargetUnavailableException;
import io.modelfleet.testkit.ConfigAnnotations;
import io.modelfleet.testkit.DeploymentTargetContract;
import io.modelfleet.testkit.TestManifestSigning;

/** The target against real bare repositories reached over file://, with another clone playing the cluster side. */
class GitOpsTargetTest extends DeploymentTargetContract {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String SERVER = "https://fleet.example.com";
    private static final TargetModel DETECTOR_1 = new TargetModel(7, "detector", "1.0", "onnx", "a".repeat(64), 1234,
            Map.of("task", "detection", "input size", "224"));
    private static final TargetModel DETECTOR_2 = new TargetModel(8, "detector", "2.0", "onnx", "b".repeat(64), 2345,
            Map.of());

    @TempDir
    Path temp;
    private Remote remote;
    private TestManifestSigning signing;
    private final List<GitOpsTarget> targets = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        remote = Remote.create(temp, "fleet.git");
        signing = new TestManifestSigning();
    }

    @AfterEach
    void tearDown() {
        targets.forEach(GitOpsTarget::close);
        remote.close();
    }

    private GitOpsTarget target(Map<String, Object> overrides) {
        return target(overrides, GitOpsTarget.PushHook.NONE);
    }

    private GitOpsTarget target(Map<String, Object> overrides, GitOpsTarget.PushHook hook) {
        Map<String, Object> values = new HashMap<>();
        values.put("repositoryUrl", remote.url());
        values.put("serverUrl", SERVER + "/");
        values.put("authorName", "Fleet Bot");
        values.put("authorEmail", "bot@fleet.example.com");
        values.putAll(overrides);
        GitOpsTargetConfiguration config = ConfigAnnotations.of(GitOpsTargetConfiguration.class, values);
        GitOpsTarget target = new GitOpsTarget(config, temp.resolve("work-" + targets.size()), signing,
                Clock.fixed(NOW, ZoneOffset.UTC), hook);
        targets.add(target);
        return target;
    }

    private static TargetDeployment deploy(long id, long edgeId, String edge, String cluster, TargetModel model) {
        return new TargetDeployment(id, edgeId, edge, cluster == null ? Map.of() : Map.of("cluster", cluster, "site", "x"),
                model);
    }

    @Override
    protected DeploymentTarget contractTarget() {
        return target(Map.of());
    }

    @Override
    protected TargetDeployment contractDeployment() {
        return deploy(101, 11, "cam-1", "eu-1", DETECTOR_1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return new Yaml().load(text);
    }

    @Test
    void firstApplyWritesConfigMapsKustomizationAndOneCommit() throws Exception {
        GitOpsTarget target = target(Map.of());
        assertEquals("gitops", target.descriptor().id());
        target.apply(List.of(deploy(101, 11, "cam-2", "eu-1", DETECTOR_1), deploy(102, 12, "cam-1", "eu-1", DETECTOR_1),
                deploy(103, 13, "gate", null, DETECTOR_1)));

        assertEquals(List.of("modelfleet/default/gate.yaml", "modelfleet/default/kustomization.yaml",
                "modelfleet/eu-1/cam-1.yaml", "modelfleet/eu-1/cam-2.yaml", "modelfleet/eu-1/kustomization.yaml"),
                List.copyOf(remote.files("main")));

        Map<String, Object> kustomization = yaml(remote.read("main", "modelfleet/eu-1/kustomization.yaml"));
        assertEquals("Kustomization", kustomization.get("kind"));
        assertEquals(List.of("cam-1.yaml", "cam-2.yaml"), kustomization.get("resources"));

        Map<String, Object> configMap = yaml(remote.read("main", "modelfleet/eu-1/cam-2.yaml"));
        assertEquals("v1", configMap.get("apiVersion"));
        assertEquals("ConfigMap", configMap.get("kind"));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) configMap.get("metadata");
        assertEquals("modelfleet-cam-2", metadata.get("name"));
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) configMap.get("data");
        assertEquals("11", data.get("edgeId"));
        assertEquals("101", data.get("deploymentId"));
        assertEquals("detector", data.get("modelName"));
        assertEquals("1.0", data.get("modelVersion"));
        assertEquals("onnx", data.get("modelFormat"));
        assertEquals("a".repeat(64), data.get("sha256"));
        assertEquals("1234", data.get("sizeBytes"));
        assertEquals(SERVER + "/api/v1/edge/artifacts/101", data.get("artifactUrl"));

        // the manifest reads back byte for byte and verifies against the server's key, as an agent checks it
        ModelManifest expected = new ModelManifest(101, 11, 7, "detector", "1.0", "onnx", "a".repeat(64), 1234,
                ModelManifest.artifactPath(101), DETECTOR_1.metadata(), NOW, NOW.plus(Duration.ofHours(24 * 30)));
        assertEquals(new String(expected.canonicalBytes(), StandardCharsets.UTF_8), data.get("manifest"));
        assertTrue(TestManifestSigning.verify(signing.publicKey(), data.get("manifest"), data.get("signature")));
        assertFalse(TestManifestSigning.verify(signing.publicKey(), data.get("manifest").replace("edgeId=11", "edgeId=12"),
                data.get("signature")));

        List<RevCommit> log = remote.log("main");
        assertEquals(1, log.size());
        RevCommit commit = log.get(0);
        assertEquals("Deploy detector:1.0 to 3 edge(s): cam-1, cam-2, gate", commit.getShortMessage());
        assertTrue(commit.getFullMessage().contains("- deployment 101: edge cam-2 (id 11, group eu-1) -> detector:1.0"),
                commit.getFullMessage());
        assertTrue(commit.getFullMessage().contains("ModelFleet-Deployments: 101, 102, 103"), commit.getFullMessage());
        assertEquals("Fleet Bot", commit.getAuthorIdent().getName());
        assertEquals("bot@fleet.example.com", commit.getCommitterIdent().getEmailAddress());
    }

    @Test
    void secondApplyUpdatesAndKeepsWhatOthersCommitted() throws Exception {
        remote.commit("main", "Flux setup", Map.of("clusters/eu-1/flux.yaml", "kind: Kustomization\n"));
        GitOpsTarget target = target(Map.of("basePath", "/deploy/models/", "groupTag", "site"));
        target.apply(List.of(deploy(101, 11, "cam-1", "eu-1", DETECTOR_1)));
        target.apply(List.of(deploy(201, 11, "cam-1", "eu-1", DETECTOR_2)));

        Map<String, Object> configMap = yaml(remote.read("main", "deploy/models/x/cam-1.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) configMap.get("data");
        assertEquals("201", data.get("deploymentId"));
        assertEquals("2.0", data.get("modelVersion"));
        assertEquals(SERVER + "/api/v1/edge/artifacts/201", data.get("artifactUrl"));
        assertTrue(TestManifestSigning.verify(signing.publicKey(), data.get("manifest"), data.get("signature")));
        assertEquals("kind: Kustomization\n", remote.read("main", "clusters/eu-1/flux.yaml"));

        List<RevCommit> log = remote.log("main");
        assertEquals(List.of("Deploy detector:2.0 to 1 edge(s): cam-1", "Deploy detector:1.0 to 1 edge(s): cam-1",
                "Flux setup"), log.stream().map(RevCommit::getShortMessage).toList());
    }

    @Test
    void applyingTheSameDeploymentsAgainCommitsNothing() throws Exception {
        GitOpsTarget target = target(Map.of());
        List<TargetDeployment> deployments = List.of(deploy(101, 11, "cam-1", "eu-1", DETECTOR_1));
        target.apply(deployments);
        target.apply(deployments);
        // another instance (a restarted server, a fresh local copy) sees the same
        target(Map.of()).apply(deployments);
        assertEquals(1, remote.log("main").size());
    }

    @Test
    void withdrawDeletesTheEdgeFileAndUpdatesTheKustomization() throws Exception {
        GitOpsTarget target = target(Map.of());
        target.apply(List.of(deploy(101, 11, "cam-1", "eu-1", DETECTOR_1), deploy(102, 12, "cam-2", "eu-1", DETECTOR_1)));
        target.apply(List.of(deploy(103, 12, "cam-2", "eu-1", null)));

        assertNull(remote.read("main", "modelfleet/eu-1/cam-2.yaml"));
        assertNotNull(remote.read("main", "modelfleet/eu-1/cam-1.yaml"));
        assertEquals(List.of("cam-1.yaml"), yaml(remote.read("main", "modelfleet/eu-1/kustomization.yaml")).get("resources"));
        RevCommit last = remote.log("main").get(0);
        assertEquals("Withdraw model from 1 edge(s): cam-2", last.getShortMessage());
        assertTrue(last.getFullMessage().contains("- deployment 103: edge cam-2 (id 12, group eu-1) withdrawn"));

        target.apply(List.of(deploy(104, 11, "cam-1", "eu-1", null)));
        assertEquals(List.of("modelfleet/eu-1/kustomization.yaml"), List.copyOf(remote.files("main")));
        assertTrue(remote.read("main", "modelfleet/eu-1/kustomization.yaml").contains("resources: []"));
        // withdrawing what is not there changes nothing
        target.apply(List.of(deploy(105, 11, "cam-1", "eu-1", null)));
        assertEquals(3, remote.log("main").size());
    }

    @Test
    void anEdgeThatMovedToAnotherGroupOrWasRenamedLeavesNoFileBehind() throws Exception {
        GitOpsTarget target = target(Map.of());
        target.apply(List.of(deploy(101, 11, "cam-1", "eu-1", DETECTOR_1)));
        target.apply(List.of(deploy(102, 11, "cam-1", "us-2", DETECTOR_1)));
        assertNull(remote.read("main", "modelfleet/eu-1/cam-1.yaml"));
        assertNotNull(remote.read("main", "modelfleet/us-2/cam-1.yaml"));
        assertTrue(remote.read("main", "modelfleet/eu-1/kustomization.yaml").contains("resources: []"));

        target.apply(List.of(deploy(103, 11, "front-door", "us-2", DETECTOR_1)));
        assertEquals(List.of("modelfleet/eu-1/kustomization.yaml", "modelfleet/us-2/front-door.yaml",
                "modelfleet/us-2/kustomization.yaml"), List.copyOf(remote.files("main")));
        assertEquals("Deploy detector:1.0 to 1 edge(s): front-door", remote.log("main").get(0).getShortMessage());
    }

    @Test
    void groupTagValuesBecomeSafeFolderNames() throws Exception {
        GitOpsTarget target = target(Map.of());
        target.apply(List.of(deploy(101, 11, "Cam_1", "EU west/../1", DETECTOR_1)));
        assertEquals(List.of("modelfleet/EU-west-..-1/Cam_1.yaml", "modelfleet/EU-west-..-1/kustomization.yaml"),
                List.copyOf(remote.files("main")));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) yaml(remote.read("main", "modelfleet/EU-west-..-1/Cam_1.yaml"))
                .get("metadata");
        assertEquals("modelfleet-cam-1-11", metadata.get("name"));
    }

    @Test
    void anEdgeNamedLikeTheKustomizationIsRefusedBeforeAnythingIsCommitted() throws Exception {
        GitOpsTarget target = target(Map.of());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> target.apply(
                List.of(deploy(101, 11, "cam-1", "eu-1", DETECTOR_1), deploy(102, 12, "kustomization", "eu-1", DETECTOR_1))));
        assertTrue(refused.getMessage().contains("kustomization"), refused.getMessage());
        assertNull(remote.head("main"));
    }

    @Test
    void aCommitOfTheClusterBetweenFetchAndPushIsKeptAndTheCommitRebuiltOnIt() throws Exception {
        AtomicInteger pushes = new AtomicInteger();
        GitOpsTarget first = target(Map.of());
        first.apply(List.of(deploy(101, 11, "cam-1", "eu-1", DETECTOR_1)));
        GitOpsTarget target = target(Map.of(), attempt -> {
            if (pushes.getAndIncrement() == 0) {
                remote.commit("main", "cam-1 is running", Map.of("modelfleet/eu-1/status/cam-1.json",
                        "{\"deploymentId\": 101, \"status\": \"ACTIVE\"}"));
            }
        });
        target.apply(List.of(deploy(102, 12, "cam-2", "eu-1", DETECTOR_2)));

        assertEquals(2, pushes.get());
        List<RevCommit> log = remote.log("main");
        assertEquals(List.of("Deploy detector:2.0 to 1 edge(s): cam-2", "cam-1 is running",
                "Deploy detector:1.0 to 1 edge(s): cam-1"), log.stream().map(RevCommit::getShortMessage).toList());
        assertNotNull(remote.read("main", "modelfleet/eu-1/status/cam-1.json"));
        assertNotNull(remote.read("main", "modelfleet/eu-1/cam-2.yaml"));
        assertEquals(List.of("cam-1.yaml", "cam-2.yaml"),
                yaml(remote.read("main", "modelfleet/eu-1/kustomization.yaml")).get("resources"));
    }

    @Test
    void aBranchThatKeepsMovingMakesTheTargetUnavailableAfterThePushRetries() throws Exception {
        AtomicInteger pushes = new AtomicInteger();
        GitOpsTarget target = target(Map.of("pushRetries", 2), attempt -> remote.commit("main",
                "busy " + pushes.incrementAndGet(), Map.of("other/file-" + pushes.get(), "x")));
        TargetUnavailableException busy = assertThrows(TargetUnavailableException.class,
                () -> target.apply(List.of(deploy(101, 11, "cam-1", "eu-1", DETECTOR_1))));
        assertTrue(busy.getMessage().contains("rejected 3 time(s)"), busy.getMessage());
        assertEquals(3, pushes.get());
        assertNull(remote.read("main", "modelfleet/eu-1/cam-1.yaml"));
    }

    @Test
    void statusComesFromStatusFilesThatNameTheCurrentDeployment() throws Exception {
        GitOpsTarget target = target(Map.of());
        List<TargetDeployment> deployments = List.of(deploy(101, 11, "cam-1", "eu-1", DETECTOR_1),
                deploy(102, 12, "cam-2", "eu-1", DETECTOR_1), deploy(103, 13, "cam-3", "eu-1", DETECTOR_1),
                deploy(104, 14, "cam-4", "eu-1", DETECTOR_1), deploy(105, 15, "cam-5", null, DETECTOR_1),
                deploy(106, 16, "cam-6", "eu-1", DETECTOR_1));
        assertEquals(Map.of(), target.status(deployments), "nothing on an empty repository");
        target.apply(deployments);
        assertEquals(Map.of(), target.status(deployments));

        remote.commit("main", "status", Map.of(
                "modelfleet/eu-1/status/cam-1.json", "{\"deploymentId\": 101, \"status\": \"ACTIVE\", \"detail\": \"serving\"}",
                "modelfleet/eu-1/status/cam-2.json", "{\"deploymentId\": 99, \"status\": \"ACTIVE\"}",
                "modelfleet/eu-1/status/cam-3.json", "{\"deploymentId\": 103, \"status\": ",
                "modelfleet/eu-1/status/cam-4.json", "{\"deploymentId\": 104, \"status\": \"EXPLODED\"}",
                "modelfleet/default/status/cam-5.json", "{\"deploymentId\": \"105\", \"status\": \"failed\", \"detail\": \"checksum mismatch\"}",
                "modelfleet/us-2/status/cam-6.json", "{\"deploymentId\": 106, \"status\": \"ACTIVE\"}"));
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Map<Long, TargetStatus> statuses;
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            statuses = target.status(deployments);
            target.status(deployments);
        } finally {
            System.setErr(err);
        }
        assertEquals(Map.of(101L, new TargetStatus(EdgeDeploymentStatus.ACTIVE, "serving"),
                105L, new TargetStatus(EdgeDeploymentStatus.FAILED, "checksum mismatch")), statuses);
        String warnings = log.toString(StandardCharsets.UTF_8);
        assertTrue(warnings.contains("modelfleet/eu-1/status/cam-3.json"), warnings);
        assertTrue(warnings.contains("EXPLODED"), warnings);
        // once per file, not at every poll
        assertEquals(1, warnings.split("cam-3.json", -1).length - 1, warnings);
    }

    @Test
    void anUnreachableRepositoryMakesTheTargetUnavailable() throws Exception {
        GitOpsTarget missing = target(Map.of("repositoryUrl", temp.resolve("missing.git").toUri().toString()));
        List<TargetDeployment> deployments = List.of(deploy(101, 11, "cam-1", "eu-1", DETECTOR_1));
        TargetUnavailableException unavailable = assertThrows(TargetUnavailableException.class,
                () -> missing.apply(deployments));
        assertTrue(unavailable.getMessage().startsWith("fetch from " + temp.resolve("missing.git").toUri()),
                unavailable.getMessage());
        assertThrows(TargetUnavailableException.class, () -> missing.status(deployments));

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GitOpsTarget closed = target(Map.of("repositoryUrl", "http://127.0.0.1:" + port + "/fleet.git", "timeoutSeconds", 5));
        unavailable = assertThrows(TargetUnavailableException.class, () -> closed.apply(deployments));
        assertTrue(unavailable.getMessage().contains("127.0.0.1:" + port), unavailable.getMessage());
        assertThrows(TargetUnavailableException.class, () -> closed.status(deployments));
    }

    @Test
    void aDamagedLocalCopyIsFetchedAnew() throws Exception {
        GitOpsTarget target = target(Map.of());
        target.apply(List.of(deploy(101, 11, "cam-1", "eu-1", DETECTOR_1)));
        Path copy = temp.resolve("work-0").resolve("repository.git");
        try (var objects = java.nio.file.Files.walk(copy.resolve("objects"))) {
            for (Path file : objects.filter(java.nio.file.Files::isRegularFile).toList()) {
                java.nio.file.Files.writeString(file, "garbage");
            }
        }
        java.nio.file.Files.writeString(copy.resolve("refs/remotes/origin/main"), "garbage\n");
        assertThrows(TargetUnavailableException.class,
                () -> target.apply(List.of(deploy(102, 11, "cam-1", "eu-1", DETECTOR_2))));
        target.apply(List.of(deploy(102, 11, "cam-1", "eu-1", DETECTOR_2)));
        assertTrue(remote.read("main", "modelfleet/eu-1/cam-1.yaml").contains("deploymentId: \"102\""));
    }

    @Test
    void configurationIsCheckedWithoutEverShowingASecret() {
        String token = "ghp_s3cr3t-token-value";
        Map<String, String> bad = Map.of(
                "https://user:" + token + "@git.example.com/fleet.git", "must not contain a password",
                "http://git.example.com/fleet.git", "refusing to send .token over plain http",
                "ftp://git.example.com/fleet.git", "must be https://",
                "ssh://git@git.example.com/fleet.git", ".token is for HTTPS");
        bad.forEach((url, message) -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> target(Map.of("repositoryUrl", url, "_token", token)));
            assertTrue(refused.getMessage().contains(message), refused.getMessage());
            assertTrue(refused.getMessage().startsWith("GitOps deployment target 'gitops': "), refused.getMessage());
            assertFalse(stackTrace(refused).contains(token), refused.getMessage());
        });
        assertThrows(IllegalArgumentException.class, () -> target(Map.of("branch", "no..dots")));
        assertThrows(IllegalArgumentException.class, () -> target(Map.of("basePath", "../outside")));
        assertThrows(IllegalArgumentException.class, () -> target(Map.of("serverUrl", "fleet.example.com")));
        assertThrows(IllegalArgumentException.class, () -> target(Map.of("pushRetries", -1)));
        assertThrows(IllegalArgumentException.class, () -> target(Map.of("id", "not an id")));
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> target(Map.of("repositoryUrl", "git@git.example.com:fleet/desired.git")));
        assertTrue(noKey.getMessage().contains("sshPrivateKey"), noKey.getMessage());
        // a token over plain http only to this machine (a local proxy, tests)
        target(Map.of("repositoryUrl", "http://127.0.0.1:1/fleet.git", "_token", token));
    }

    @Test
    void theDescriptorNamesTheRepositoryAndTheWorkDirDefaultsToKarafData() {
        GitOpsTarget target = target(Map.of("id", "eu-clusters"));
        assertEquals("eu-clusters", target.descriptor().id());
        assertTrue(target.descriptor().displayName().contains("fleet.git"), target.descriptor().displayName());
        assertTrue(target.descriptor().description().contains("branch main"), target.descriptor().description());
        assertEquals(Path.of("/opt/karaf/data", "modelfleet", "gitops", "eu-clusters"),
                GitOpsTarget.workDir(ConfigAnnotations.of(GitOpsTargetConfiguration.class, Map.of("id", "eu-clusters")), "/opt/karaf/data"));
        assertEquals(Path.of("/srv/gitops"),
                GitOpsTarget.workDir(ConfigAnnotations.of(GitOpsTargetConfiguration.class, Map.of("workDir", "/srv/gitops")), "/opt/karaf/data"));
    }

    static String stackTrace(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
