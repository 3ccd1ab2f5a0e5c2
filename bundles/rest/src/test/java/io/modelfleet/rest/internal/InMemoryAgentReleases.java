package io.modelfleet.rest.internal;

import io.modelfleet.testkit.BundleJars;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.Page;
import io.modelfleet.api.agent.AgentBundle;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.InferenceStatus;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.core.internal.AgentReleaseServiceImpl;
import io.modelfleet.persistence.AgentReleaseStore;
import io.modelfleet.persistence.EdgeStore;

/**
 * The real agent release service (archive checks, limits, settings validation) over an in-memory store, so that the
 * REST tests see the errors the server gives; edge 7 exists, no other.
 */
final class InMemoryAgentReleases implements AgentReleaseStore {
    static final long EDGE = 7;
    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    final List<AgentRelease> releases = new ArrayList<>();
    final List<AgentUpdate> updates = new ArrayList<>();
    final List<String> stored = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    private AgentSettings fleet = AgentSettings.NONE;
    private final Map<Long, AgentSettings> edges = new HashMap<>();

    AgentReleaseService service() {
        EdgeStore edgeStore = (EdgeStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { EdgeStore.class }, (proxy, method, args) -> {
                    if (!method.getName().equals("findEdge")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return (long) args[0] == EDGE ? Optional.of(edge()) : Optional.empty();
                });
        ArtifactStore artifacts = (ArtifactStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ArtifactStore.class }, (proxy, method, args) -> {
                    if (!method.getName().equals("put")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    stored.add((String) args[0]);
                    return null;
                });
        AuditLog audit = (AuditLog) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { AuditLog.class },
                (proxy, method, args) -> null);
        return new AgentReleaseServiceImpl(this, edgeStore, artifacts, audit);
    }

    private static Edge edge() {
        return new Edge(EDGE, "camera-7", null, null, Map.of(), EdgeState.APPROVED, ConnectionState.ONLINE,
                InferenceStatus.READY, DeviceInfo.UNKNOWN, null, null, NOW, NOW, "admin", "admin", "edge-agent");
    }

    @Override
    public AgentRelease insert(String version, String sha256, long sizeBytes, List<AgentBundle> bundles, String notes,
            String actor, Instant now) {
        if (releases.stream().anyMatch(r -> r.version().equals(version))) {
            throw new ConflictException("agent release " + version + " exists already; give the new one its own version");
        }
        AgentRelease release = new AgentRelease(releases.size() + 1, version, sha256, sizeBytes, bundles, notes, NOW, actor);
        releases.add(release);
        return release;
    }

    @Override
    public Optional<AgentRelease> find(long id) {
        return releases.stream().filter(r -> r.id() == id).findFirst();
    }

    @Override
    public Page<AgentRelease> list(int limit, long offset) {
        calls.add("list " + limit + " " + offset);
        List<AgentRelease> newestFirst = new ArrayList<>(releases);
        java.util.Collections.reverse(newestFirst);
        return new Page<>(newestFirst.stream().skip(offset).limit(limit).toList(), releases.size(), limit, offset);
    }

    @Override
    public Optional<AgentUpdate> findUpdate(long updateId) {
        return updates.stream().filter(u -> u.id() == updateId).findFirst();
    }

    @Override
    public List<AgentUpdate> forEdge(long edgeId, int limit) {
        calls.add("updates of " + edgeId + " " + limit);
        return updates.stream().filter(u -> u.edgeId() == edgeId).limit(limit).toList();
    }

    @Override
    public boolean updateStatus(long edgeId, long updateId, EdgeDeploymentStatus status, String detail, Instant now) {
        throw new UnsupportedOperationException("updateStatus");
    }

    @Override
    public AgentSettings fleetSettings() {
        return fleet;
    }

    @Override
    public AgentSettings edgeSettings(long edgeId) {
        return edges.getOrDefault(edgeId, AgentSettings.NONE);
    }

    @Override
    public void setFleetSettings(AgentSettings settings, String actor, Instant now) {
        // as the database store: empty settings are no settings
        boolean clear = settings == null || settings.isEmpty();
        calls.add("fleet settings " + (clear ? "cleared" : settings.text()) + " by " + actor);
        fleet = clear ? AgentSettings.NONE : settings;
    }

    @Override
    public void setEdgeSettings(long edgeId, AgentSettings settings, String actor, Instant now) {
        boolean clear = settings == null || settings.isEmpty();
        calls.add("settings of " + edgeId + " " + (clear ? "cleared" : settings.text()) + " by " + actor);
        if (clear) {
            edges.remove(edgeId);
        } else {
            edges.put(edgeId, settings);
        }
    }

    // ---- archives ----

    /** A jar whose manifest names a bundle; {@code symbolicName} null: a plain jar. */
    static byte[] bundle(String symbolicName, String version) {
        return (symbolicName == null ? BundleJars.plainJar() : BundleJars.bundle(symbolicName, version))
                .entry("readme.txt", "tiny").toBytes();
    }

    static byte[] zip(Map<String, byte[]> entries) {
        return BundleJars.zip(entries);
    }

    /** A release of one bundle, with {@code release.properties} naming {@code version} unless it is null. */
    static byte[] release(String version) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (version != null) {
            entries.put("release.properties", ("version=" + version + "\nnotes=from the archive\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        entries.put("io.modelfleet.agent.jar", bundle("io.modelfleet.agent", "0.2.0"));
        return zip(entries);
    }
}
