package io.modelfleet.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.agent.AgentBundle;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.deployment.StatusReport;

/** Agent releases in memory; records each call that changes something, and what an upload read. */
final class FakeAgentReleases implements AgentReleaseService {
    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    final List<AgentRelease> releases = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    byte[] uploaded;
    private AgentSettings fleet = AgentSettings.NONE;
    private final Map<Long, AgentSettings> edges = new HashMap<>();

    static AgentRelease release(long id, String version, String notes) {
        return new AgentRelease(id, version, "cd".repeat(32), 3 * 1024 * 1024, List.of(
                new AgentBundle("io.modelfleet.agent", "0.2.0", "ab".repeat(32), 180_000),
                new AgentBundle("org.example.driver", "1.4.2", "ef".repeat(32), 900)), notes, NOW, "alice");
    }

    @Override
    public AgentRelease upload(String version, String notes, InputStream archive, String actor) {
        try {
            uploaded = archive.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        calls.add("upload " + version + " '" + notes + "' by " + actor);
        AgentRelease release = release(releases.size() + 1, version == null ? "0.1.0" : version, notes);
        releases.add(release);
        return release;
    }

    @Override
    public AgentRelease get(long id) {
        return releases.stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException("agent release " + id + " does not exist"));
    }

    @Override
    public Page<AgentRelease> list(int limit, long offset) {
        calls.add("list " + limit + " " + offset);
        List<AgentRelease> newestFirst = new ArrayList<>(releases);
        java.util.Collections.reverse(newestFirst);
        return new Page<>(newestFirst.stream().skip(offset).limit(limit).toList(), releases.size(), limit, offset);
    }

    @Override
    public InputStream openArchive(long id, long offset) {
        throw new UnsupportedOperationException("openArchive");
    }

    @Override
    public AgentUpdate getUpdate(long updateId) {
        throw new UnsupportedOperationException("getUpdate");
    }

    @Override
    public List<AgentUpdate> forEdge(long edgeId, int limit) {
        throw new UnsupportedOperationException("forEdge");
    }

    @Override
    public AgentUpdate reportStatus(long edgeId, long updateId, StatusReport report) {
        throw new UnsupportedOperationException("reportStatus");
    }

    @Override
    public AgentSettings fleetSettings() {
        return fleet;
    }

    @Override
    public void setFleetSettings(AgentSettings settings, String actor) {
        calls.add("fleet " + (settings == null ? "cleared" : settings.text()) + " by " + actor);
        fleet = settings == null ? AgentSettings.NONE : settings;
    }

    @Override
    public AgentSettings edgeSettings(long edgeId) {
        return edges.getOrDefault(edgeId, AgentSettings.NONE);
    }

    @Override
    public void setEdgeSettings(long edgeId, AgentSettings settings, String actor) {
        calls.add("edge " + edgeId + " " + (settings == null ? "cleared" : settings.text()) + " by " + actor);
        if (settings == null) {
            edges.remove(edgeId);
        } else {
            edges.put(edgeId, settings);
        }
    }
}
