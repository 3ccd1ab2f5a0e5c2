package io.modelfleet.agent.internal;

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
 * became of a trial. The launcher ({@code bin/modelfleet-agent}) reads it before it starts the framework and the
 * agent keeps it up to date. The launcher is no bundle and the agent bundle must not depend on it, so each has a
 * minimal reader of this one format ({@code io.modelfleet.agent.launcher.ReleaseState} in
 * {@code distribution/edge-agent}); change both together, and keep what an older agent release wrote readable.
 * <ul>
 * <li>{@code current}: the release in service (a folder {@code releases/<version>/}); empty or missing: the set the
 * agent was installed with ({@code system/})</li>
 * <li>{@code previous}: the one in service before it (empty: the installed set)</li>
 * <li>{@code pending}: the release the next start tries ({@value #BASE}: back to the installed set);
 * {@code pendingUpdateId} the agent update it belongs to (empty for {@value #BASE})</li>
 * <li>{@code attempts}: starts of the pending release so far (the launcher counts; more than one means the first
 * crashed); {@code healthSeconds}: how long a trial has to prove itself</li>
 * <li>{@code failed}, {@code failedUpdateId}, {@code failedReason}: a trial the launcher ended (the agent reports it
 * and then removes them)</li>
 * </ul>
 * The agent's own keys: {@code activeUpdateId} (the update ACTIVE was reported for), {@code failedUpdates} (update
 * ids not to try again, comma-separated, newest last) and {@code report.<updateId>} / {@code report.<updateId>.detail}
 * (a status report the server does not have yet). Written whole to a temporary file and moved into place atomically.
 */
final class ReleaseState {
    static final String FILE = "state.properties";
    /** {@code pending} value: go back to the set the agent was installed with. */
    static final String BASE = "@base";
    static final String CURRENT = "current";
    static final String PREVIOUS = "previous";
    static final String PENDING = "pending";
    static final String PENDING_UPDATE_ID = "pendingUpdateId";
    static final String ATTEMPTS = "attempts";
    static final String HEALTH_SECONDS = "healthSeconds";
    static final String FAILED = "failed";
    static final String FAILED_UPDATE_ID = "failedUpdateId";
    static final String FAILED_REASON = "failedReason";
    static final String ACTIVE_UPDATE_ID = "activeUpdateId";
    static final String FAILED_UPDATES = "failedUpdates";
    static final String REPORT = "report.";

    private final Path file;
    private final Properties values = new Properties();

    private ReleaseState(Path file) {
        this.file = file;
    }

    static ReleaseState load(Path releasesDir) throws IOException {
        ReleaseState state = new ReleaseState(releasesDir.resolve(FILE));
        if (Files.exists(state.file)) {
            try (Reader in = Files.newBufferedReader(state.file, StandardCharsets.UTF_8)) {
                state.values.load(in);
            }
        }
        return state;
    }

    /** The value, or empty. */
    String get(String key) {
        return values.getProperty(key, "").trim();
    }

    /** Sets the value; null or empty removes the key. */
    void set(String key, String value) {
        if (value == null || value.isEmpty()) {
            values.remove(key);
        } else {
            values.setProperty(key, value);
        }
    }

    Set<String> keys() {
        return new TreeSet<>(values.stringPropertyNames());
    }

    void save() throws IOException {
        Files.createDirectories(file.getParent());
        StringWriter text = new StringWriter();
        values.store(text, "ModelFleet agent releases (see the edge agent's README)");
        Path part = file.resolveSibling(FILE + ".part");
        Files.writeString(part, text.toString(), StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
