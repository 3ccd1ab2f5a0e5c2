package io.modelfleet.agent.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * {@code <agent data>/releases/state.properties}, which the launcher and the agent bundle share. The launcher is no
 * bundle and the agent bundle must not depend on it, so each keeps a minimal reader of the format; the agent's
 * ({@code io.modelfleet.agent.internal.ReleaseState} in {@code bundles/agent}) documents every key, and both change
 * together. The launcher uses {@code current}, {@code pending}, {@code pendingUpdateId}, {@code attempts} and
 * {@code healthSeconds}, and writes {@code failed}, {@code failedUpdateId} and {@code failedReason} when it ends a
 * trial. It writes only while the framework is not running, so it never races the agent's writes.
 */
final class ReleaseState {
    static final String FILE = "state.properties";
    /** {@code pending} value: go back to the set the agent was installed with ({@code system/}). */
    static final String BASE = "@base";
    static final String CURRENT = "current";
    static final String PENDING = "pending";
    static final String PENDING_UPDATE_ID = "pendingUpdateId";
    static final String ATTEMPTS = "attempts";
    static final String HEALTH_SECONDS = "healthSeconds";
    static final String FAILED = "failed";
    static final String FAILED_UPDATE_ID = "failedUpdateId";
    static final String FAILED_REASON = "failedReason";

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

    /** Whole, to a temporary file moved into place atomically: a crash leaves the old state or the new one. */
    void save() throws IOException {
        Files.createDirectories(file.getParent());
        StringWriter text = new StringWriter();
        values.store(text, "ModelFleet agent releases (see the edge agent's README)");
        Path part = file.resolveSibling(FILE + ".part");
        Files.writeString(part, text.toString(), StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
