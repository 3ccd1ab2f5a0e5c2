package io.modelfleet.agent.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code state.properties}, which the agent and the launcher both read and write with this class: a round trip, a
 * missing file, and a file as agents in the field have it.
 */
class ReleaseStateTest {
    @TempDir
    Path dir;

    @Test
    void missingFileIsAnEmptyStateAndNothingIsWrittenUntilSaved() throws Exception {
        Path releases = dir.resolve("releases");
        ReleaseState state = ReleaseState.load(releases);
        assertEquals("", state.get(ReleaseState.CURRENT));
        assertEquals("", state.get(ReleaseState.PENDING));
        assertEquals(Set.of(), state.keys());
        assertFalse(Files.exists(releases), "loading creates nothing");
    }

    @Test
    void savedValuesReadBack() throws Exception {
        Path releases = dir.resolve("agent/releases"); // created by the first save
        ReleaseState state = ReleaseState.load(releases);
        state.set(ReleaseState.CURRENT, "1.2.0");
        state.set(ReleaseState.PREVIOUS, "1.1.0");
        state.set(ReleaseState.PENDING, ReleaseState.BASE);
        state.set(ReleaseState.ATTEMPTS, "1");
        state.set(ReleaseState.FAILED_REASON, "bundle a: could not start = missing #requirement! é");
        state.set(ReleaseState.FAILED_UPDATES, "3,4");
        state.set(ReleaseState.REPORT + "4", "FAILED");
        state.save();

        assertTrue(Files.isRegularFile(releases.resolve(ReleaseState.FILE)));
        assertFalse(Files.exists(releases.resolve(ReleaseState.FILE + ".part")), "the temporary file is moved away");
        ReleaseState read = ReleaseState.load(releases);
        assertEquals("1.2.0", read.get(ReleaseState.CURRENT));
        assertEquals("1.1.0", read.get(ReleaseState.PREVIOUS));
        assertEquals("@base", read.get(ReleaseState.PENDING));
        assertEquals("1", read.get(ReleaseState.ATTEMPTS));
        assertEquals("bundle a: could not start = missing #requirement! é", read.get(ReleaseState.FAILED_REASON));
        assertEquals("3,4", read.get(ReleaseState.FAILED_UPDATES));
        assertEquals("FAILED", read.get("report.4"));
        assertEquals(Set.of("attempts", "current", "failedReason", "failedUpdates", "pending", "previous", "report.4"),
                read.keys());

        // null or empty removes a key, and the next save drops it from the file
        read.set(ReleaseState.PENDING, null);
        read.set(ReleaseState.ATTEMPTS, "");
        read.save();
        ReleaseState again = ReleaseState.load(releases);
        assertEquals("", again.get(ReleaseState.PENDING));
        assertFalse(again.keys().contains(ReleaseState.ATTEMPTS));
        assertEquals("1.2.0", again.get(ReleaseState.CURRENT));
    }

    @Test
    void writesAPropertiesFileInUtf8() throws Exception {
        ReleaseState state = ReleaseState.load(dir);
        state.set(ReleaseState.CURRENT, "2.0.0");
        state.set(ReleaseState.FAILED_REASON, "é: x=y");
        state.save();
        List<String> lines = Files.readAllLines(dir.resolve("state.properties"), StandardCharsets.UTF_8);
        assertEquals("#ModelFleet agent releases (see the edge agent's README)", lines.get(0));
        assertTrue(lines.get(1).startsWith("#"), "the date line of Properties.store: " + lines.get(1));
        assertEquals(Set.of("current=2.0.0", "failedReason=é\\: x\\=y"), Set.copyOf(lines.subList(2, lines.size())));
    }

    @Test
    void readsAFileAsAnEarlierAgentOrLauncherWroteIt() throws Exception {
        Files.writeString(dir.resolve("state.properties"), """
                #ModelFleet agent releases (see the edge agent's README)
                #Sun Jun 01 10:00:00 UTC 2025
                activeUpdateId=21
                current=1.1.0
                failed=2.0.0
                failedReason=agent release 2.0.0 was not healthy within 120 s
                failedUpdateId=22
                healthSeconds=120
                pending=
                previous=
                report.21.detail=ok \\u00e9
                """, StandardCharsets.UTF_8);
        ReleaseState state = ReleaseState.load(dir);
        assertEquals("21", state.get(ReleaseState.ACTIVE_UPDATE_ID));
        assertEquals("1.1.0", state.get(ReleaseState.CURRENT));
        assertEquals("2.0.0", state.get(ReleaseState.FAILED));
        assertEquals("agent release 2.0.0 was not healthy within 120 s", state.get(ReleaseState.FAILED_REASON));
        assertEquals("22", state.get(ReleaseState.FAILED_UPDATE_ID));
        assertEquals("120", state.get(ReleaseState.HEALTH_SECONDS));
        assertEquals("", state.get(ReleaseState.PENDING));
        assertEquals("", state.get(ReleaseState.PREVIOUS));
        assertEquals("ok é", state.get("report.21.detail"));
        assertEquals("", state.get(ReleaseState.ATTEMPTS), "a missing key reads as empty");
    }
}
