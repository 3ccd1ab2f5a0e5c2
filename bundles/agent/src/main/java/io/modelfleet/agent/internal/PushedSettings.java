package io.modelfleet.agent.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.deployment.AgentSettings;

/**
 * The agent settings the server pushed with the desired state, kept in {@code <data>/agent-settings} (properties:
 * {@code heartbeatSeconds}, {@code pollSeconds}, {@code updateHealthSeconds}, each only when pushed) so they hold
 * across restarts, offline too. The file goes when the server pushes none.
 */
final class PushedSettings {
    private static final Logger LOG = LoggerFactory.getLogger(PushedSettings.class);
    static final String FILE = "agent-settings";

    private PushedSettings() {
    }

    /** The settings kept, or null when none were pushed (or the file cannot be read: the server sends them again). */
    static AgentSettings load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(in);
            return new AgentSettings(number(values, "heartbeatSeconds"), number(values, "pollSeconds"),
                    number(values, "updateHealthSeconds"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the unreadable {} (the server sends the settings again): {}", file, e.getMessage());
            return null;
        }
    }

    /** Keeps {@code settings}; null (none pushed) deletes the file. */
    static void save(Path dataDir, AgentSettings settings) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (settings == null) {
            Files.deleteIfExists(file);
            return;
        }
        Properties values = new Properties();
        put(values, "heartbeatSeconds", settings.heartbeatSeconds());
        put(values, "pollSeconds", settings.pollSeconds());
        put(values, "updateHealthSeconds", settings.updateHealthSeconds());
        StringWriter text = new StringWriter();
        values.store(text, "Agent settings the ModelFleet server pushed; they win over etc/io.modelfleet.agent.cfg");
        Path part = dataDir.resolve(FILE + ".part");
        Files.writeString(part, text.toString(), StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Integer number(Properties values, String key) {
        String value = values.getProperty(key);
        return value == null || value.isBlank() ? null : Integer.valueOf(value.trim());
    }

    private static void put(Properties values, String key, Integer value) {
        if (value != null) {
            values.setProperty(key, value.toString());
        }
    }
}
