package io.modelfleet.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.agent.release.ReleaseState;
import io.modelfleet.api.deployment.AgentManifest;
import io.modelfleet.api.deployment.SignedAgentManifest;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

/**
 * The agent's side of agent releases: it takes the release the server wants to {@code releases/<version>/}
 * (download, verify, unpack), marks it pending in {@link ReleaseState} and asks the launcher for a restart; the
 * launcher starts the framework with the release's bundles in place of the installed ones of the same symbolic name
 * as a trial, and the agent confirms the trial once it has proved healthy (or the launcher's watchdog goes back).
 * Reports on agent updates are kept in the state file until the server has them, so those made just before a
 * restart, and the launcher's record of a failed trial, reach the server from the agent that comes back up.
 * Simulated agents share one JVM and cannot install anything: they answer every update with FAILED, once.
 */
final class AgentReleases {
    private static final Logger LOG = LoggerFactory.getLogger(AgentReleases.class);
    /** How long a new release has to prove itself when the server pushed no {@code updateHealthSeconds}. */
    static final int DEFAULT_HEALTH_SECONDS = 120;
    static final String SIMULATED = "simulated agents do not install agent releases";
    static final String NOT_LAUNCHED = "this agent was not started by bin/modelfleet-agent, which installs agent releases";
    /** Written into the releases folder before the agent stops the framework: the launcher then exits with 75. */
    static final String RESTART_MARKER = "restart";
    /**
     * The launcher writes it once every bundle of a trial started: before that a bundle that comes after the agent's
     * own may still fail, so the agent does not confirm.
     */
    static final String TRIAL_STARTED_MARKER = "trial-started";
    /** Next to a release's jars: the SHA-256 of the archive they came from, so an installed release is reused. */
    static final String ARCHIVE_SHA256 = ".sha256";
    /** As the server accepts release versions; a version names a folder. */
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");
    /** Names in the releases folder that are not releases: a release of such a version would clash with them. */
    private static final Set<String> RESERVED = Set.of(ReleaseState.FILE, ReleaseState.FILE + ".part", RESTART_MARKER,
            TRIAL_STARTED_MARKER);
    private static final int REMEMBERED_FAILURES = 20;

    /** How an agent deals with agent releases. */
    sealed interface Handling permits Launch, Refusal {
    }

    /**
     * Started by the launcher, which said (framework properties) where the releases live, which one this start
     * runs (empty: the installed set), whether that is a trial and of which agent update. {@code restart} stops the
     * framework; the launcher then starts a fresh JVM.
     */
    record Launch(Path dir, String running, boolean trial, String trialUpdateId, Runnable restart) implements Handling {
    }

    /** Answers every agent update with FAILED and this reason. */
    record Refusal(String reason) implements Handling {
    }

    private final Path dir;
    private final Launch launch;
    private final String refusal;
    private final ManifestVerifier verifier;
    private final ModelManager.Downloader downloader;
    private final Runnable sendReports;
    private final Clock clock;
    private final ReleaseState state;
    private final Map<Long, StatusReport> unsent = new LinkedHashMap<>();
    private final Set<String> failedUpdates = new LinkedHashSet<>();
    /** Read by the local status API while a download may hold this object's lock. */
    private volatile boolean trial;
    private boolean restartRequested;
    /** The release the server wanted when a trial was still running, to report on once the trial is confirmed. */
    private AgentManifest wantedDuringTrial;

    /** {@code sendReports} tries to send what is queued now (a download may take long after DOWNLOADING). */
    AgentReleases(Path dataDir, Handling handling, ManifestVerifier verifier, ModelManager.Downloader downloader,
            Runnable sendReports, Clock clock) throws IOException {
        this.launch = handling instanceof Launch given ? given : null;
        this.refusal = handling instanceof Refusal refused ? refused.reason() : null;
        this.dir = launch != null ? launch.dir() : dataDir.resolve("releases");
        this.verifier = verifier;
        this.downloader = downloader;
        this.sendReports = sendReports;
        this.clock = clock;
        this.state = ReleaseState.load(dir);
        for (String id : state.get(ReleaseState.FAILED_UPDATES).split(",")) {
            if (!id.isBlank()) {
                failedUpdates.add(id.trim());
            }
        }
        for (String key : state.keys()) {
            if (key.startsWith(ReleaseState.REPORT) && !key.endsWith(".detail")) {
                try {
                    unsent.put(Long.parseLong(key.substring(ReleaseState.REPORT.length())), new StatusReport(
                            EdgeDeploymentStatus.valueOf(state.get(key)), blankToNull(state.get(key + ".detail"))));
                } catch (RuntimeException e) {
                    LOG.warn("Ignoring the unreadable report {} in {}: {}", key, dir.resolve(ReleaseState.FILE), e.toString());
                }
            }
        }
        if (launch != null) {
            trial = launch.trial() && state.get(ReleaseState.PENDING).equals(pendingValue(launch.running()));
            takeOverFailedTrial();
            removeLeftovers();
            LOG.info("Agent release: {}{}", describe(launch.running()), trial ? ", on trial" : "");
        }
    }

    /** The launcher's record of a trial it ended becomes a report (kept until sent) and is not tried again. */
    private void takeOverFailedTrial() throws IOException {
        String failed = state.get(ReleaseState.FAILED);
        String reason = state.get(ReleaseState.FAILED_REASON);
        if (failed.isEmpty() && reason.isEmpty()) {
            return;
        }
        String update = state.get(ReleaseState.FAILED_UPDATE_ID);
        String detail = reason + "; running " + describe(launch.running()) + " again";
        LOG.warn("Agent release {} failed its trial: {}", failed.equals(ReleaseState.BASE) ? "(the installed set)" : failed,
                detail);
        if (!update.isEmpty()) {
            rememberFailure(update);
            queue(Long.parseLong(update), new StatusReport(EdgeDeploymentStatus.ROLLED_BACK, clip(detail)));
        } else if (failed.equals(ReleaseState.BASE)) {
            rememberFailure(ReleaseState.BASE); // until the server assigns a release again
        }
        state.set(ReleaseState.FAILED, null);
        state.set(ReleaseState.FAILED_UPDATE_ID, null);
        state.set(ReleaseState.FAILED_REASON, null);
        state.save();
    }

    /**
     * Acts on the agent release of a desired state that arrived: nothing when it runs already (reporting ACTIVE for
     * a new update of it), else download, verify, unpack, mark pending, report VERIFIED and restart; null while a
     * release runs goes back to the installed set. Network failures are thrown, for the caller to retry with backoff;
     * a release that cannot be installed is reported FAILED and not tried again.
     */
    synchronized void apply(SignedAgentManifest desired, int healthSeconds) throws IOException {
        if (restartRequested) {
            return; // the desired state is looked at again after the restart
        }
        if (desired == null || desired.manifest() == null) {
            if (launch != null && !launch.running().isEmpty() && !failedUpdates.contains(ReleaseState.BASE)) {
                install(ReleaseState.BASE, null, healthSeconds);
                requestRestart("the server assigns no agent release: back to the installed set");
            }
            return;
        }
        long updateId = desired.manifest().updateId();
        if (failedUpdates.remove(ReleaseState.BASE)) {
            saveFailedUpdates(); // a release is assigned again: a later withdrawal may try the installed set again
        }
        if (failedUpdates.contains(Long.toString(updateId))) {
            return;
        }
        if (launch == null) {
            fail(updateId, EdgeDeploymentStatus.FAILED, refusal);
            return;
        }
        AgentManifest manifest;
        try {
            manifest = verifier.verify(desired, clock.instant());
        } catch (ManifestVerifier.VerificationException e) {
            fail(updateId, EdgeDeploymentStatus.FAILED, "rejected before download: " + e.getMessage());
            return;
        }
        String version = manifest.version();
        if (version == null || !VERSION.matcher(version).matches() || RESERVED.contains(version)) {
            fail(updateId, EdgeDeploymentStatus.FAILED, "release version '" + version + "' cannot name a folder in "
                    + dir);
            return;
        }
        if (version.equals(launch.running())) {
            if (trial) {
                wantedDuringTrial = manifest; // the health check decides, then it is reported
            } else {
                reportRunning(manifest);
            }
            return;
        }
        Path folder = dir.resolve(version);
        if (!installed(folder, manifest.sha256())) {
            queue(updateId, new StatusReport(EdgeDeploymentStatus.DOWNLOADING, null));
            String problem = downloadAndUnpack(manifest, folder);
            if (problem != null) {
                fail(updateId, EdgeDeploymentStatus.FAILED, problem);
                return;
            }
        }
        install(version, updateId, healthSeconds);
        queue(updateId, new StatusReport(EdgeDeploymentStatus.VERIFIED, "restarting into agent release " + version));
        requestRestart("agent release " + version + " (agent update " + updateId + ")");
    }

    private static boolean installed(Path folder, String sha256) throws IOException {
        Path marker = folder.resolve(ARCHIVE_SHA256);
        return Files.exists(marker) && Files.readString(marker).trim().equalsIgnoreCase(sha256);
    }

    /** @return why the release cannot be installed, or null when it is in {@code folder} now */
    private String downloadAndUnpack(AgentManifest manifest, Path folder) throws IOException {
        Files.createDirectories(dir);
        String download = ".download-" + manifest.updateId() + ".zip";
        try (Stream<Path> files = Files.list(dir)) {
            for (Path stale : files.filter(f -> f.getFileName().toString().startsWith(".download-")
                    && !f.getFileName().toString().equals(download)).toList()) {
                Files.deleteIfExists(stale); // one download at a time: what another update left is not needed
            }
        }
        Path archive = dir.resolve(download);
        downloader.download(manifest.artifactPath(), archive, manifest.sizeBytes());
        try {
            ManifestVerifier.verifyArchive(manifest, archive);
        } catch (ManifestVerifier.VerificationException e) {
            Files.deleteIfExists(archive);
            return "rejected after download: " + e.getMessage();
        }
        Path staging = dir.resolve(".unpack-" + manifest.updateId());
        deleteTree(staging);
        try {
            List<ReleaseArchive.Bundle> bundles = ReleaseArchive.unpack(archive, staging);
            Files.writeString(staging.resolve(ARCHIVE_SHA256), manifest.sha256());
            deleteTree(folder);
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Agent release {} unpacked: {}", manifest.version(), bundles.stream()
                    .map(b -> b.symbolicName() + " " + b.version()).toList());
            return null;
        } catch (ReleaseArchive.RejectedException e) {
            deleteTree(staging);
            return "the release archive cannot be installed: " + e.getMessage();
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /** Marks what the next start tries. */
    private void install(String pending, Long updateId, int healthSeconds) throws IOException {
        state.set(ReleaseState.PENDING, pending);
        state.set(ReleaseState.PENDING_UPDATE_ID, updateId == null ? null : updateId.toString());
        state.set(ReleaseState.ATTEMPTS, "0");
        state.set(ReleaseState.HEALTH_SECONDS, Integer.toString(healthSeconds));
        state.save();
    }

    private void requestRestart(String why) throws IOException {
        Files.writeString(dir.resolve(RESTART_MARKER), why + "\n");
        restartRequested = true;
        LOG.info("Restarting the agent into {}", why);
        launch.restart().run();
    }

    /** A new update of the release that runs (e.g. a rollback to it): nothing to install, it is ACTIVE. */
    private void reportRunning(AgentManifest manifest) throws IOException {
        String updateId = Long.toString(manifest.updateId());
        if (!updateId.equals(state.get(ReleaseState.ACTIVE_UPDATE_ID))) {
            state.set(ReleaseState.ACTIVE_UPDATE_ID, updateId);
            queue(manifest.updateId(), new StatusReport(EdgeDeploymentStatus.ACTIVE, "agent release "
                    + manifest.version() + " runs already"));
        }
    }

    /**
     * During a trial: once the launcher started every bundle and the agent has proved healthy, the release it runs
     * becomes current (the one before it previous), ACTIVE is reported and the folders of older releases go. The
     * launcher's watchdog sees the pending mark gone and stops watching.
     */
    synchronized void confirmIfHealthy(boolean healthy) throws IOException {
        if (!trial || restartRequested || !healthy || !Files.exists(dir.resolve(TRIAL_STARTED_MARKER))) {
            return;
        }
        String before = state.get(ReleaseState.CURRENT);
        String now = launch.running();
        if (!before.equals(now)) {
            state.set(ReleaseState.PREVIOUS, before);
        }
        state.set(ReleaseState.CURRENT, now);
        state.set(ReleaseState.PENDING, null);
        state.set(ReleaseState.PENDING_UPDATE_ID, null);
        state.set(ReleaseState.ATTEMPTS, null);
        trial = false;
        String updateId = launch.trialUpdateId();
        if (updateId != null && !updateId.isEmpty()) {
            state.set(ReleaseState.ACTIVE_UPDATE_ID, updateId);
            queue(Long.parseLong(updateId), new StatusReport(EdgeDeploymentStatus.ACTIVE, "agent release " + now
                    + " proved healthy; it replaced " + describe(before)));
        }
        state.save();
        LOG.info("Agent release {} proved healthy and stays (before: {})", describe(now), describe(before));
        removeLeftovers();
        if (wantedDuringTrial != null) {
            reportRunning(wantedDuringTrial);
            wantedDuringTrial = null;
        }
    }

    /** Keeps the folders of the current, previous and pending release; the rest are left over from older ones. */
    private void removeLeftovers() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<String> keep = new HashSet<>(List.of(state.get(ReleaseState.CURRENT), state.get(ReleaseState.PREVIOUS),
                state.get(ReleaseState.PENDING), launch.running()));
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                boolean oldRelease = Files.isDirectory(entry) && !name.startsWith(".") && !keep.contains(name);
                if (oldRelease || name.startsWith(".unpack-")) {
                    deleteTree(entry);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove old agent releases from {}: {}", dir, e.toString());
        }
    }

    private void fail(long updateId, EdgeDeploymentStatus status, String detail) throws IOException {
        rememberFailure(Long.toString(updateId));
        queue(updateId, new StatusReport(status, clip(detail)));
        LOG.warn("Agent update {} {}: {}", updateId, status, detail);
    }

    private void rememberFailure(String updateId) throws IOException {
        failedUpdates.remove(updateId);
        failedUpdates.add(updateId);
        while (failedUpdates.size() > REMEMBERED_FAILURES) {
            failedUpdates.remove(failedUpdates.iterator().next());
        }
        saveFailedUpdates();
    }

    private void saveFailedUpdates() throws IOException {
        state.set(ReleaseState.FAILED_UPDATES, String.join(",", failedUpdates));
        state.save();
    }

    /** The latest report per update until the server has it, in the state file so it survives a restart. */
    private void queue(long updateId, StatusReport report) throws IOException {
        unsent.put(updateId, report);
        state.set(ReleaseState.REPORT + updateId, report.status().name());
        state.set(ReleaseState.REPORT + updateId + ".detail", report.detail());
        state.save();
        sendReports.run();
    }

    synchronized Map<Long, StatusReport> unsentReports() {
        return new LinkedHashMap<>(unsent);
    }

    /** The server has this report (or refused it for good): unless a newer one came meanwhile, it is done. */
    synchronized void delivered(long updateId, StatusReport report) throws IOException {
        if (unsent.remove(updateId, report)) {
            state.set(ReleaseState.REPORT + updateId, null);
            state.set(ReleaseState.REPORT + updateId + ".detail", null);
            state.save();
        }
    }

    /** The release this agent runs, for its status: a version, or the installed set; and whether it is on trial. */
    String running() {
        if (launch == null) {
            return describe("");
        }
        return describe(launch.running()) + (trial ? " (on trial)" : "");
    }

    private static String describe(String version) {
        return version == null || version.isEmpty() ? "the installed set" : "agent release " + version;
    }

    private static String pendingValue(String running) {
        return running.isEmpty() ? ReleaseState.BASE : running;
    }

    private static String clip(String detail) {
        return detail == null || detail.length() <= StatusReport.MAX_DETAIL ? detail
                : detail.substring(0, StatusReport.MAX_DETAIL);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
