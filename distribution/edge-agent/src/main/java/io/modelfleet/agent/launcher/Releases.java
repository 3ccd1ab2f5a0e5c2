package io.modelfleet.agent.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import io.modelfleet.agent.release.ReleaseState;

/**
 * The launcher's side of agent releases ({@code <agent data>/releases/}, see {@link ReleaseState}): which set of
 * bundles a start runs, and what becomes of a trial. The agent installs a release into {@code releases/<version>/},
 * marks it {@code pending} and asks for a restart; the next start runs it as a trial, and the agent confirms it once
 * healthy. A trial whose bundles do not start, that the agent does not confirm within {@code healthSeconds}, or whose
 * start crashed the JVM, is recorded as failed and the start after it runs the current set again.
 */
final class Releases {
    /** The agent asks for a fresh JVM ({@code bin/modelfleet-agent} starts java again); EX_TEMPFAIL. */
    static final int RESTART_EXIT_CODE = 75;
    /** The agent writes it before it stops the framework to restart into another release. */
    static final String RESTART_MARKER = "restart";
    /**
     * Written once every bundle of a trial started: the agent confirms a trial only after it, so a bundle that fails
     * after the agent's own came up cannot be confirmed away.
     */
    static final String TRIAL_STARTED_MARKER = "trial-started";
    static final int DEFAULT_HEALTH_SECONDS = 120;

    /**
     * What a start runs: {@code version} (empty: the installed set), whether it is a trial (then {@code pending} is
     * the state's pending value it stands for, {@code updateId} the agent update, possibly empty) and the bundle jars.
     */
    record Plan(String version, boolean trial, String pending, String updateId, int healthSeconds, List<Path> bundles) {
        String describe() {
            return Releases.describe(version);
        }
    }

    private final Path dir;

    Releases(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * The set to start. With a pending release this is its trial, and {@code counting} (run, not check) records the
     * attempt; a pending release whose earlier attempt never got as far as a verdict (the JVM died) is recorded as
     * failed instead, and the current set runs.
     */
    Plan plan(Path systemDir, boolean counting) throws IOException {
        ReleaseState state = ReleaseState.load(dir);
        String pending = state.get(ReleaseState.PENDING);
        if (!pending.isEmpty()) {
            String version = pending.equals(ReleaseState.BASE) ? "" : pending;
            int attempts = number(state.get(ReleaseState.ATTEMPTS), 0) + 1;
            String problem = null;
            if (attempts > 1) {
                problem = "the agent did not come up with " + describe(version) + " (crashed during start)";
            } else if (!version.isEmpty() && !Files.isDirectory(dir.resolve(version))) {
                problem = describe(version) + " is not installed: " + dir.resolve(version) + " is missing";
            }
            if (problem == null) {
                if (counting) {
                    state.set(ReleaseState.ATTEMPTS, Integer.toString(attempts));
                    state.save();
                }
                return new Plan(version, true, pending, state.get(ReleaseState.PENDING_UPDATE_ID),
                        Math.max(1, number(state.get(ReleaseState.HEALTH_SECONDS), DEFAULT_HEALTH_SECONDS)),
                        bundles(systemDir, version));
            }
            if (counting) {
                record(state, pending, state.get(ReleaseState.PENDING_UPDATE_ID), problem);
            }
        }
        String current = state.get(ReleaseState.CURRENT);
        if (!current.isEmpty() && !Files.isDirectory(dir.resolve(current))) {
            System.err.println("modelfleet-agent: " + describe(current) + " is missing from " + dir
                    + "; starting the installed set");
            current = "";
        }
        return new Plan(current, false, "", "", 0, bundles(systemDir, current));
    }

    /** Ends a trial that failed: recorded for the agent to report, and the next start runs the current set. */
    synchronized void fail(Plan trial, String reason) throws IOException {
        ReleaseState state = ReleaseState.load(dir);
        if (state.get(ReleaseState.PENDING).equals(trial.pending())) {
            record(state, trial.pending(), trial.updateId(), reason);
        }
    }

    private static void record(ReleaseState state, String pending, String updateId, String reason) throws IOException {
        state.set(ReleaseState.FAILED, pending);
        state.set(ReleaseState.FAILED_UPDATE_ID, updateId);
        state.set(ReleaseState.FAILED_REASON, reason);
        state.set(ReleaseState.PENDING, null);
        state.set(ReleaseState.PENDING_UPDATE_ID, null);
        state.set(ReleaseState.ATTEMPTS, null);
        state.save();
        System.err.println("modelfleet-agent: going back from " + describe(pending.equals(ReleaseState.BASE) ? ""
                : pending) + ": " + reason);
    }

    /** The agent confirmed the trial (or marked another release pending): the pending mark is no longer the trial's. */
    synchronized boolean trialOver(Plan trial) throws IOException {
        return !ReleaseState.load(dir).get(ReleaseState.PENDING).equals(trial.pending());
    }

    /** A trial stopped from outside (SIGTERM) got no verdict: the next start tries it afresh, not as a crash. */
    synchronized void forgetAttempt(Plan trial) throws IOException {
        ReleaseState state = ReleaseState.load(dir);
        if (state.get(ReleaseState.PENDING).equals(trial.pending())) {
            state.set(ReleaseState.ATTEMPTS, "0");
            state.save();
        }
    }

    /** Before a start: no trial has started its bundles yet, and a restart asked of an earlier JVM is done. */
    void clearMarkers() throws IOException {
        Files.deleteIfExists(dir.resolve(TRIAL_STARTED_MARKER));
        Files.deleteIfExists(dir.resolve(RESTART_MARKER));
    }

    /** Every bundle of the trial started: from now on the agent may confirm it. */
    void markTrialStarted(Plan trial) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(TRIAL_STARTED_MARKER), trial.pending() + "\n");
    }

    /** Whether the agent asked for a restart; the request is taken (the marker removed). */
    boolean takeRestartRequest() throws IOException {
        return Files.deleteIfExists(dir.resolve(RESTART_MARKER));
    }

    /**
     * Every jar in {@code system/}, with the release's jars in place of those of the same Bundle-SymbolicName and
     * any others added.
     */
    List<Path> bundles(Path systemDir, String version) throws IOException {
        Map<String, Path> bySymbolicName = new LinkedHashMap<>();
        for (Path jar : jars(systemDir)) {
            bySymbolicName.put(symbolicName(jar), jar);
        }
        if (!version.isEmpty()) {
            for (Path jar : jars(dir.resolve(version))) {
                bySymbolicName.put(symbolicName(jar), jar);
            }
        }
        return List.copyOf(bySymbolicName.values());
    }

    private static List<Path> jars(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** The jar's Bundle-SymbolicName without directives; a jar without one stands for itself. */
    static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (name == null || name.isBlank()) {
                return "file:" + jar.getFileName();
            }
            int directives = name.indexOf(';');
            return (directives < 0 ? name : name.substring(0, directives)).trim();
        }
    }

    static String describe(String version) {
        return version.isEmpty() ? "the installed set" : "agent release " + version;
    }

    private static int number(String value, int fallback) {
        try {
            return value.isEmpty() ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
