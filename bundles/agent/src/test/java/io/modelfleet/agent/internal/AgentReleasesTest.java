package io.modelfleet.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.agent.release.ReleaseState;
import io.modelfleet.api.deployment.AgentManifest;
import io.modelfleet.api.deployment.SignedAgentManifest;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

/**
 * The agent's side of agent releases on real files: install and restart, trial confirmation, the launcher's record of
 * a failed trial becoming one report, going back to the installed set, and simulated agents refusing. Downloads
 * copy the archive the test "publishes"; the HTTP side is {@link EdgeAgentTest}'s.
 */
class AgentReleasesTest {
    private static final long EDGE = 7;
    private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

    @TempDir
    Path dir;
    private Path data;
    private Path releasesDir;
    private KeyPair serverKey;
    private ManifestVerifier verifier;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<String> downloads = new ArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private byte[] published;

    @BeforeEach
    void keys() throws Exception {
        data = Files.createDirectories(dir.resolve("agent"));
        releasesDir = data.resolve("releases");
        serverKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        verifier = new ManifestVerifier(Base64.getEncoder().encodeToString(serverKey.getPublic().getEncoded()), EDGE);
    }

    /** An agent the launcher started with {@code running} (empty: the installed set), as a trial of {@code update}. */
    private AgentReleases started(String running, boolean trial, String update) throws Exception {
        return new AgentReleases(data, new AgentReleases.Launch(releasesDir, running, trial, update,
                restarts::incrementAndGet), verifier, (path, target, size) -> {
                    downloads.add(path);
                    Files.write(target, published);
                }, () -> { }, clock);
    }

    private SignedAgentManifest publish(long updateId, String version, byte[] archive) throws Exception {
        published = archive;
        return ReleaseFixtures.sign(ReleaseFixtures.manifest(updateId, EDGE, version, archive, NOW), serverKey);
    }

    private ReleaseState state() throws Exception {
        return ReleaseState.load(releasesDir);
    }

    private static StatusReport report(EdgeDeploymentStatus status, String detail) {
        return new StatusReport(status, detail);
    }

    @Test
    void aNewReleaseIsUnpackedMarkedPendingReportedVerifiedAndTheAgentRestarts() throws Exception {
        AgentReleases releases = started("", false, "");
        releases.apply(publish(11, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0")), 45);

        assertEquals(List.of("/api/v1/edge/agent-artifacts/11"), downloads);
        assertTrue(Files.exists(releasesDir.resolve("2.0.0/io.modelfleet.agent.jar")));
        ReleaseState state = state();
        assertEquals("2.0.0", state.get(ReleaseState.PENDING));
        assertEquals("11", state.get(ReleaseState.PENDING_UPDATE_ID));
        assertEquals("0", state.get(ReleaseState.ATTEMPTS));
        assertEquals("45", state.get(ReleaseState.HEALTH_SECONDS));
        assertEquals("", state.get(ReleaseState.CURRENT), "the installed set runs until the trial is confirmed");
        assertEquals(1, restarts.get());
        assertTrue(Files.exists(releasesDir.resolve(AgentReleases.RESTART_MARKER)));
        assertEquals(Map.of(11L, report(EdgeDeploymentStatus.VERIFIED, "restarting into agent release 2.0.0")),
                releases.unsentReports());
        try (var left = Files.list(releasesDir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "neither the download nor the unpacked files are left over");
        }

        releases.apply(publish(11, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0")), 45);
        assertEquals(1, restarts.get(), "a restart under way is not asked for again");
        assertEquals(report(EdgeDeploymentStatus.VERIFIED, "restarting into agent release 2.0.0"),
                started("", false, "").unsentReports().get(11L), "the report outlives the restart until it is sent");
    }

    @Test
    void aTrialThatProvesHealthyBecomesCurrentIsReportedActiveAndOlderReleasesGo() throws Exception {
        for (String old : List.of("1.0.0", "1.1.0", "0.9.0")) {
            Files.createDirectories(releasesDir.resolve(old));
        }
        ReleaseState before = state();
        before.set(ReleaseState.CURRENT, "1.1.0");
        before.set(ReleaseState.PREVIOUS, "1.0.0");
        before.set(ReleaseState.PENDING, "2.0.0");
        before.set(ReleaseState.PENDING_UPDATE_ID, "12");
        before.set(ReleaseState.ATTEMPTS, "1");
        before.save();
        Files.createDirectories(releasesDir.resolve("2.0.0"));

        AgentReleases releases = started("2.0.0", true, "12");
        assertEquals("agent release 2.0.0 (on trial)", releases.running());
        releases.apply(publish(12, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0")), 120);
        assertEquals(List.of(), downloads, "the release on trial is not fetched again");
        releases.confirmIfHealthy(false);
        assertEquals("2.0.0", state().get(ReleaseState.PENDING), "not healthy yet: the launcher's watchdog decides");
        releases.confirmIfHealthy(true);
        assertEquals("2.0.0", state().get(ReleaseState.PENDING), "the launcher has not started every bundle yet");

        Files.writeString(releasesDir.resolve(AgentReleases.TRIAL_STARTED_MARKER), "2.0.0\n");
        releases.confirmIfHealthy(true);
        ReleaseState after = state();
        assertEquals("2.0.0", after.get(ReleaseState.CURRENT));
        assertEquals("1.1.0", after.get(ReleaseState.PREVIOUS));
        assertEquals("", after.get(ReleaseState.PENDING));
        assertEquals("", after.get(ReleaseState.ATTEMPTS));
        assertEquals(report(EdgeDeploymentStatus.ACTIVE, "agent release 2.0.0 proved healthy; it replaced agent release 1.1.0"),
                releases.unsentReports().get(12L));
        assertTrue(Files.isDirectory(releasesDir.resolve("2.0.0")) && Files.isDirectory(releasesDir.resolve("1.1.0")));
        assertFalse(Files.exists(releasesDir.resolve("1.0.0")) || Files.exists(releasesDir.resolve("0.9.0")),
                "only the current and the previous release are kept");
        assertEquals("agent release 2.0.0", releases.running());

        releases.delivered(12, releases.unsentReports().get(12L));
        releases.apply(publish(13, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0")), 120);
        assertEquals(Map.of(13L, report(EdgeDeploymentStatus.ACTIVE, "agent release 2.0.0 runs already")),
                releases.unsentReports(), "a new update of the release that runs is ACTIVE at once");
        assertEquals(0, restarts.get());
    }

    @Test
    void aTrialTheLauncherEndedIsReportedRolledBackOnceAndNotTriedAgain() throws Exception {
        ReleaseState launcherWrote = state();
        launcherWrote.set(ReleaseState.CURRENT, "1.1.0");
        launcherWrote.set(ReleaseState.FAILED, "2.0.0");
        launcherWrote.set(ReleaseState.FAILED_UPDATE_ID, "14");
        launcherWrote.set(ReleaseState.FAILED_REASON, "the agent did not come up with agent release 2.0.0 (crashed during start)");
        launcherWrote.save();
        Files.createDirectories(releasesDir.resolve("1.1.0"));
        Files.createDirectories(releasesDir.resolve("2.0.0"));

        AgentReleases releases = started("1.1.0", false, "");
        StatusReport rolledBack = report(EdgeDeploymentStatus.ROLLED_BACK,
                "the agent did not come up with agent release 2.0.0 (crashed during start); running agent release 1.1.0 again");
        assertEquals(Map.of(14L, rolledBack), releases.unsentReports());
        assertEquals("", state().get(ReleaseState.FAILED_REASON), "taken over by the report");
        assertFalse(Files.exists(releasesDir.resolve("2.0.0")), "the failed release's folder goes");

        releases.apply(publish(14, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0")), 120);
        assertEquals(List.of(), downloads, "an update that failed here is not tried again");
        assertEquals(0, restarts.get());

        releases.delivered(14, rolledBack);
        assertEquals(Map.of(), started("1.1.0", false, "").unsentReports(), "reported once");
    }

    @Test
    void withoutAnAgentReleaseInTheDesiredStateTheAgentGoesBackToTheInstalledSet() throws Exception {
        ReleaseState before = state();
        before.set(ReleaseState.CURRENT, "2.0.0");
        before.save();
        Files.createDirectories(releasesDir.resolve("2.0.0"));

        AgentReleases releases = started("2.0.0", false, "");
        releases.apply(null, 60);
        assertEquals(ReleaseState.BASE, state().get(ReleaseState.PENDING));
        assertEquals("", state().get(ReleaseState.PENDING_UPDATE_ID));
        assertEquals(1, restarts.get());
        assertEquals(Map.of(), releases.unsentReports(), "no agent update to report on");

        ReleaseState afterRestart = state();
        afterRestart.set(ReleaseState.ATTEMPTS, "1");
        afterRestart.save();
        Files.writeString(releasesDir.resolve(AgentReleases.TRIAL_STARTED_MARKER), ReleaseState.BASE + "\n");
        AgentReleases onBase = started("", true, "");
        onBase.apply(null, 60);
        onBase.confirmIfHealthy(true);
        assertEquals("", state().get(ReleaseState.CURRENT));
        assertEquals("2.0.0", state().get(ReleaseState.PREVIOUS));
        assertEquals("", state().get(ReleaseState.PENDING));
        assertEquals(1, restarts.get());
        assertEquals(Map.of(), onBase.unsentReports());
    }

    @Test
    void aReleaseThatDoesNotVerifyOrUnpackFailsAndIsNotTriedAgain() throws Exception {
        AgentReleases releases = started("", false, "");
        SignedAgentManifest signed = publish(15, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0"));
        AgentManifest other = new AgentManifest(15, EDGE, 1, "2.0.1", signed.manifest().sha256(),
                signed.manifest().sizeBytes(), signed.manifest().artifactPath(), NOW, NOW.plusSeconds(3600));
        releases.apply(new SignedAgentManifest(other, signed.signature()), 120);
        assertEquals(EdgeDeploymentStatus.FAILED, releases.unsentReports().get(15L).status());
        assertTrue(releases.unsentReports().get(15L).detail().startsWith("rejected before download: the manifest "
                + "signature does not verify"), releases.unsentReports().get(15L).detail());
        assertEquals(List.of(), downloads);

        SignedAgentManifest tampered = publish(16, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0"));
        published = ReleaseFixtures.agentRelease("2.0.0", "6.6.6");
        releases.apply(tampered, 120);
        assertTrue(releases.unsentReports().get(16L).detail().startsWith("rejected after download: the release "
                + "archive"), releases.unsentReports().get(16L).detail());

        byte[] notABundle = ReleaseFixtures.archive(Map.of("plain.jar", ReleaseFixtures.bundle(null, "1.0.0")));
        releases.apply(publish(17, "2.0.0", notABundle), 120);
        assertEquals(report(EdgeDeploymentStatus.FAILED, "the release archive cannot be installed: plain.jar has no "
                + "Bundle-SymbolicName, so it is not a bundle"), releases.unsentReports().get(17L));
        assertFalse(Files.exists(releasesDir.resolve("2.0.0")));
        assertEquals("", state().get(ReleaseState.PENDING));

        releases.apply(publish(17, "2.0.0", notABundle), 120);
        assertEquals(2, downloads.size(), "failed updates are not fetched again");

        releases.apply(publish(18, "state.properties", ReleaseFixtures.agentRelease("x", "1.0.0")), 120);
        assertTrue(releases.unsentReports().get(18L).detail().startsWith("release version 'state.properties' cannot "
                + "name a folder"), releases.unsentReports().get(18L).detail());
        assertEquals("15,16,17,18", state().get(ReleaseState.FAILED_UPDATES));
        assertEquals(0, restarts.get());
    }

    @Test
    void simulatedAgentsAnswerEachAgentUpdateFailedOnce() throws Exception {
        AgentReleases simulated = new AgentReleases(data, new AgentReleases.Refusal(AgentReleases.SIMULATED), verifier,
                (path, target, size) -> downloads.add(path), () -> { }, clock);
        SignedAgentManifest release = publish(18, "2.0.0", ReleaseFixtures.agentRelease("2.0.0", "2.0.0"));
        simulated.apply(release, 120);
        StatusReport refused = report(EdgeDeploymentStatus.FAILED, "simulated agents do not install agent releases");
        assertEquals(Map.of(18L, refused), simulated.unsentReports());
        simulated.delivered(18, refused);
        simulated.apply(release, 120);
        simulated.apply(null, 120);
        assertEquals(Map.of(), simulated.unsentReports());

        AgentReleases restarted = new AgentReleases(data, new AgentReleases.Refusal(AgentReleases.SIMULATED), verifier,
                (path, target, size) -> downloads.add(path), () -> { }, clock);
        restarted.apply(release, 120);
        assertEquals(Map.of(), restarted.unsentReports(), "answered once, across restarts too");
        assertEquals(List.of(), downloads);
    }
}
