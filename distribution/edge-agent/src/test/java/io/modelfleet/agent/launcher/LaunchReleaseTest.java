package io.modelfleet.agent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;

import io.modelfleet.agent.release.ReleaseState;

/**
 * {@link Main#launch} on a real Felix framework with a small installation of test bundles (the agent bundle, which
 * would confirm a trial, is the distribution test's): a pending release runs as a trial with its bundles in place of
 * the installed ones; one the agent confirms stays, one it does not is given up when its health time is over, and
 * one whose bundle cannot resolve is given up at once; each failure is recorded for the agent to report, and the
 * launcher exits with 75 for the script to start the current set.
 */
class LaunchReleaseTest {
    private static final String BASE_BUNDLE = "io.modelfleet.test.base";

    @TempDir
    Path home;
    private Path data;
    private Path releasesDir;
    private Path systemJar;

    @BeforeEach
    void installation() throws Exception {
        systemJar = Bundles.write(home.resolve("system/base.jar"), BASE_BUNDLE, "1.0.0", "Export-Package",
                BASE_BUNDLE + ";version=1.0.0");
        Bundles.write(home.resolve("system/user.jar"), "io.modelfleet.test.user", "1.0.0", "Import-Package", BASE_BUNDLE);
        data = home.resolve("data/agent");
        releasesDir = data.resolve("releases");
    }

    private Options run() {
        return Options.parse(List.of("run", "--data", data.toString()), Map.of(), home);
    }

    private ReleaseState state() throws Exception {
        return ReleaseState.load(releasesDir);
    }

    /** Release {@code version}: the installed base bundle under that Bundle-Version, and these extra jars. */
    private void pendingRelease(String version, String updateId, int healthSeconds, Path... extraJars) throws Exception {
        Bundles.withVersion(systemJar, releasesDir.resolve(version).resolve("base.jar"), version);
        for (Path jar : extraJars) {
            Files.move(jar, releasesDir.resolve(version).resolve(jar.getFileName()));
        }
        ReleaseState state = state();
        state.set(ReleaseState.PENDING, version);
        state.set(ReleaseState.PENDING_UPDATE_ID, updateId);
        state.set(ReleaseState.ATTEMPTS, "0");
        state.set(ReleaseState.HEALTH_SECONDS, Integer.toString(healthSeconds));
        state.save();
    }

    private static Bundle bundle(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
    }

    @Test
    void aPendingReleaseRunsAsATrialAndStaysOnceTheAgentConfirmsIt() throws Exception {
        pendingRelease("2.0.0", "41", 120);
        AtomicReference<String> seen = new AtomicReference<>();
        int exit = Main.launch(home, run(), framework -> {
            BundleContext context = framework.getBundleContext();
            seen.set(context.getProperty(Main.RELEASE) + " trial=" + context.getProperty(Main.RELEASE_TRIAL) + " update="
                    + context.getProperty(Main.RELEASE_UPDATE) + " " + bundle(context, BASE_BUNDLE).getVersion() + " "
                    + (bundle(context, "io.modelfleet.test.user").getState() == Bundle.ACTIVE) + " "
                    + Files.exists(releasesDir.resolve(Releases.TRIAL_STARTED_MARKER)));
            confirm("2.0.0");
            stop(framework);
        });
        assertEquals(0, exit);
        assertEquals("2.0.0 trial=true update=41 2.0.0 true true", seen.get(), "the agent may confirm: all started");
        assertEquals("2.0.0", state().get(ReleaseState.CURRENT));
        assertEquals("", state().get(ReleaseState.FAILED_REASON));

        int again = Main.launch(home, run(), framework -> {
            BundleContext context = framework.getBundleContext();
            seen.set(context.getProperty(Main.RELEASE) + " trial=" + context.getProperty(Main.RELEASE_TRIAL) + " "
                    + bundle(context, BASE_BUNDLE).getVersion());
            stop(framework);
        });
        assertEquals(0, again);
        assertEquals("2.0.0 trial=false 2.0.0", seen.get(), "the confirmed release runs from now on");
    }

    @Test
    void aTrialTheAgentDoesNotConfirmInTimeIsGivenUp() throws Exception {
        pendingRelease("2.0.0", "42", 1);
        assertEquals(Releases.RESTART_EXIT_CODE, Main.launch(home, run()));
        ReleaseState state = state();
        assertEquals("agent release 2.0.0 was not healthy within 1 s", state.get(ReleaseState.FAILED_REASON));
        assertEquals("42", state.get(ReleaseState.FAILED_UPDATE_ID));
        assertEquals("", state.get(ReleaseState.PENDING));
        assertEquals("", state.get(ReleaseState.CURRENT));

        AtomicReference<String> version = new AtomicReference<>();
        assertEquals(0, Main.launch(home, run(), framework -> {
            version.set(bundle(framework.getBundleContext(), BASE_BUNDLE).getVersion().toString());
            stop(framework);
        }));
        assertEquals("1.0.0", version.get(), "the next start runs the installed set again");
    }

    @Test
    void aReleaseWithABundleThatCannotResolveIsGivenUpNamingTheBundle() throws Exception {
        Path unresolvable = Bundles.write(home.resolve("unresolvable.jar"), "io.modelfleet.test.unresolvable", "1.0.0",
                "Import-Package", "does.not.exist");
        pendingRelease("3.0.0", "43", 120, unresolvable);
        assertEquals(Releases.RESTART_EXIT_CODE, Main.launch(home, run()));
        String reason = state().get(ReleaseState.FAILED_REASON);
        assertTrue(reason.startsWith("bundle io.modelfleet.test.unresolvable could not start: "), reason);
        assertTrue(reason.contains("does.not.exist"), reason);
        assertEquals("3.0.0", state().get(ReleaseState.FAILED));
        assertEquals("", state().get(ReleaseState.PENDING));
        assertFalse(Files.exists(releasesDir.resolve(Releases.TRIAL_STARTED_MARKER)), "the agent could not confirm it");
    }

    @Test
    void theAgentAsksForARestartWithTheMarkerAndAStopFromOutsideIsNoCrash() throws Exception {
        assertEquals(Releases.RESTART_EXIT_CODE, Main.launch(home, run(), framework -> {
            try {
                Files.createDirectories(releasesDir);
                Files.writeString(releasesDir.resolve(Releases.RESTART_MARKER), "agent release 2.0.0\n");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            stop(framework);
        }));
        assertFalse(Files.exists(releasesDir.resolve(Releases.RESTART_MARKER)), "the request is taken");

        pendingRelease("2.0.0", "44", 120);
        assertEquals(0, Main.launch(home, run(), LaunchReleaseTest::stop), "stopped as by SIGTERM");
        assertEquals("0", state().get(ReleaseState.ATTEMPTS), "the next start tries the release again");
        assertEquals("2.0.0", state().get(ReleaseState.PENDING));
    }

    /** What the agent writes once the release on trial proved healthy. */
    private void confirm(String version) {
        try {
            ReleaseState state = state();
            state.set(ReleaseState.CURRENT, version);
            state.set(ReleaseState.PENDING, null);
            state.set(ReleaseState.PENDING_UPDATE_ID, null);
            state.set(ReleaseState.ATTEMPTS, null);
            state.save();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
