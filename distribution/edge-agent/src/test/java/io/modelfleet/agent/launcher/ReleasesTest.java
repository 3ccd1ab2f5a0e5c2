package io.modelfleet.agent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.agent.release.ReleaseState;

/** Which bundles a start runs, and how the launcher keeps the trial's books, on real files. */
class ReleasesTest {
    @TempDir
    Path dir;
    private Path system;
    private Releases releases;

    @BeforeEach
    void installation() throws Exception {
        system = dir.resolve("system");
        Bundles.write(system.resolve("io.modelfleet.agent-1.0.0.jar"), "io.modelfleet.agent;singleton:=true", "1.0.0");
        Bundles.write(system.resolve("io.modelfleet.api-1.0.0.jar"), "io.modelfleet.api", "1.0.0");
        releases = new Releases(dir.resolve("data/agent/releases"));
    }

    private ReleaseState state() throws Exception {
        return ReleaseState.load(releases.dir());
    }

    private void pending(String version, String updateId, int attempts) throws Exception {
        ReleaseState state = state();
        state.set(ReleaseState.PENDING, version);
        state.set(ReleaseState.PENDING_UPDATE_ID, updateId);
        state.set(ReleaseState.ATTEMPTS, Integer.toString(attempts));
        state.set(ReleaseState.HEALTH_SECONDS, "30");
        state.save();
    }

    @Test
    void aReleaseReplacesTheInstalledBundlesOfTheSameSymbolicNameAndAddsTheOthers() throws Exception {
        Path agent = Bundles.write(releases.dir().resolve("2.0.0/agent.jar"), "io.modelfleet.agent", "2.0.0");
        Path extra = Bundles.write(releases.dir().resolve("2.0.0/extra.jar"), "com.example.extra", "1.0.0");
        Files.writeString(releases.dir().resolve("2.0.0/release.properties"), "version=2.0.0\n");

        assertEquals(List.of(agent, system.resolve("io.modelfleet.api-1.0.0.jar"), extra),
                releases.bundles(system, "2.0.0"));
        assertEquals(List.of(system.resolve("io.modelfleet.agent-1.0.0.jar"), system.resolve("io.modelfleet.api-1.0.0.jar")),
                releases.bundles(system, ""));
    }

    @Test
    void aPendingReleaseRunsAsATrialAndASecondStartOfItCountsAsACrash() throws Exception {
        Bundles.write(releases.dir().resolve("2.0.0/agent.jar"), "io.modelfleet.agent", "2.0.0");
        pending("2.0.0", "31", 0);

        Releases.Plan checked = releases.plan(system, false);
        assertTrue(checked.trial());
        assertEquals("0", state().get(ReleaseState.ATTEMPTS), "check counts no attempt");

        Releases.Plan trial = releases.plan(system, true);
        assertEquals(new Releases.Plan("2.0.0", true, "2.0.0", "31", 30, releases.bundles(system, "2.0.0")), trial);
        assertEquals("1", state().get(ReleaseState.ATTEMPTS));

        Releases.Plan afterCrash = releases.plan(system, true);
        assertEquals(new Releases.Plan("", false, "", "", 0, releases.bundles(system, "")), afterCrash);
        ReleaseState state = state();
        assertEquals("", state.get(ReleaseState.PENDING));
        assertEquals("", state.get(ReleaseState.ATTEMPTS));
        assertEquals("2.0.0", state.get(ReleaseState.FAILED));
        assertEquals("31", state.get(ReleaseState.FAILED_UPDATE_ID));
        assertEquals("the agent did not come up with agent release 2.0.0 (crashed during start)",
                state.get(ReleaseState.FAILED_REASON));
    }

    @Test
    void aTrialStoppedFromOutsideIsTriedAgainNotTakenForACrash() throws Exception {
        Bundles.write(releases.dir().resolve("2.0.0/agent.jar"), "io.modelfleet.agent", "2.0.0");
        pending("2.0.0", "32", 0);
        Releases.Plan trial = releases.plan(system, true);
        releases.forgetAttempt(trial);
        assertTrue(releases.plan(system, true).trial());
        assertFalse(releases.trialOver(trial));
        assertEquals("", state().get(ReleaseState.FAILED_REASON));
    }

    @Test
    void aPendingReleaseThatIsNotThereFailsAndTheCurrentOneRuns() throws Exception {
        Bundles.write(releases.dir().resolve("1.5.0/agent.jar"), "io.modelfleet.agent", "1.5.0");
        ReleaseState state = state();
        state.set(ReleaseState.CURRENT, "1.5.0");
        state.save();
        pending("2.0.0", "33", 0);

        Releases.Plan plan = releases.plan(system, true);
        assertEquals("1.5.0", plan.version());
        assertFalse(plan.trial());
        assertTrue(state().get(ReleaseState.FAILED_REASON).startsWith("agent release 2.0.0 is not installed"),
                state().get(ReleaseState.FAILED_REASON));
    }

    @Test
    void goingBackToTheInstalledSetIsATrialToo() throws Exception {
        Bundles.write(releases.dir().resolve("2.0.0/agent.jar"), "io.modelfleet.agent", "2.0.0");
        ReleaseState state = state();
        state.set(ReleaseState.CURRENT, "2.0.0");
        state.save();
        pending(ReleaseState.BASE, "", 0);

        Releases.Plan plan = releases.plan(system, true);
        assertEquals(new Releases.Plan("", true, ReleaseState.BASE, "", 30, releases.bundles(system, "")), plan);
        releases.fail(plan, "bundle io.modelfleet.agent could not start: broken");
        assertEquals(ReleaseState.BASE, state().get(ReleaseState.FAILED));
        assertEquals("2.0.0", releases.plan(system, true).version());
    }
}
