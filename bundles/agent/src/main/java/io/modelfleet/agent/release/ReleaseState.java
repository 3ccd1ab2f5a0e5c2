package io.modelfleet.agent.release;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code <agent data>/releases/state.properties}: which agent release runs, which one is to be tried, and what
 * became of a trial. The launcher ({@code bin/modelfleet-agent}, {@code io.modelfleet.agent.launcher.Releases} in
 * {@code distribution/edge-agent}) reads it before it starts the framework and the agent
 * ({@code io.modelfleet.agent.internal.AgentReleases}) keeps it up to date; both use this class. The launcher writes
 * only while the framework is not running, so it never races the agent's writes. Agents in the field have these
 * files and an agent release may run over an older installation's launcher: keep what an older agent release or
 * launcher wrote readable, and the format (a {@link Properties} file in UTF-8) as it is.
 * <ul>
 * <li>{@value #CURRENT}: the release in service (a folder {@code releases/<version>/}); empty or missing: the set the
 * agent was installed with ({@code system/})</li>
 * <li>{@value #PREVIOUS}: the one in service before it (empty: the installed set)</li>
 * <li>{@value #PENDING}: the release the next start tries ({@value #BASE}: back to the installed set);
 * {@value #PENDING_UPDATE_ID} the agent update it belongs to (empty for {@value #BASE})</li>
 * <li>{@value #ATTEMPTS}: starts of the pending release so far (the launcher counts; more than one means the first
 * crashed); {@value #HEALTH_SECONDS}: how long a trial has to prove itself</li>
 * <li>{@value #FAILED}, {@value #FAILED_UPDATE_ID}, {@value #FAILED_REASON}: a trial the launcher ended (the agent
 * reports it and then removes them)</li>
 * </ul>
 * The agent's own keys: {@value #ACTIVE_UPDATE_ID} (the update ACTIVE was reported for), {@value #FAILED_UPDATES}
 * (update ids not to try again, comma-separated, newest last) and {@code report.<updateId>} /
 * {@code report.<updateId>.detail} (a status report the server does not have yet). Written whole to a temporary file
 * and moved into place atomically: a crash leaves the old state or the new one.
 * <p>
 * The launcher loads this class outside OSGi: it uses the JDK and nothing else (see {@code package-info}).
 */
public final class ReleaseState {
    public static final String FILE = "state.properties";
    /** {@code pending} value: go back to the set the agent was installed with ({@code system/}). */
    public static final String BASE = "@base";
    public static final String CURRENT = "current";
    public static final String PREVIOUS = "previous";
    public static final String PENDING = "pending";
    public static final String PENDING_UPDATE_ID = "pendingUpdateId";
    public static final String ATTEMPTS = "attempts";
    public static final String HEALTH_SECONDS = "healthSeconds";
    public static final String FAILED = "failed";
    public static final String FAILED_UPDATE_ID = "failedUpdateId";
    public static final String FAILED_REASON = "failedReason";
    public static final String ACTIVE_UPDATE_ID = "activeUpdateId";
    public static final String FAILED_UPDATES = "failedUpdates";
    public static final String REPORT = "report.";

    private final Path file;
    private final Properties values = new Properties();

    private ReleaseState(Path file) {
        this.file = file;
    }

    /** {@value #FILE} in {@code releasesDir}; a missing file is an empty state (nothing is created until saved). */
    public static ReleaseState load(Path releasesDir) throws IOException {
        ReleaseState state = new ReleaseState(releasesDir.resolve(FILE));
        if (Files.exists(state.file)) {
            try (Reader in = Files.newBufferedReader(state.file, StandardCharsets.UTF_8)) {
                state.values.load(in);
            }
        }
        return state;
    }

    /** The value, or empty. */
    public String get(String key) {
        return values.getProperty(key, "").trim();
    }

    /** Sets the value; null or empty removes the key. */
    public void set(String key, String value) {
        if (value == null || value.isEmpty()) {
            values.remove(key);
        } else {
            values.setProperty(key, value);
        }
    }

    /** Every key present, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(values.stringPropertyNames());
    }

    /** Whole, to a temporary file moved into place atomically: a crash leaves the old state or the new one. */
    public void save() throws IOException {
        Files.createDirectories(file.getParent());
        StringWriter text = new StringWriter();
        values.store(text, "ModelFleet agent releases (see the edge agent's README)");
        Path part = file.resolveSibling(FILE + ".part");
        Files.writeString(part, text.toString(), StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
