package io.modelfleet.api.agent;

import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.deployment.StatusReport;

/**
 * Agent releases (uploaded bundle sets), their per-edge installations, and the agent settings pushed to edges.
 * Releases reach edges through rollouts ({@link io.modelfleet.api.rollout.RolloutRequest#agentReleaseId}).
 */
@ProviderType
public interface AgentReleaseService {
    /** Archives larger than this are refused (413). */
    long MAX_ARCHIVE_BYTES = 512L * 1024 * 1024;
    /** Bundles per release. */
    int MAX_BUNDLES = 200;

    /**
     * Stores a release archive: a zip of bundle jars at its top level, and optionally a {@code release.properties}
     * with {@code version} and {@code notes}. Every jar must be a bundle (Bundle-SymbolicName and Bundle-Version).
     *
     * @param version the release version; null takes the one in {@code release.properties}
     * @throws io.modelfleet.api.InvalidInputException when the archive is not a usable release
     * @throws io.modelfleet.api.PayloadTooLargeException past {@link #MAX_ARCHIVE_BYTES}
     * @throws io.modelfleet.api.ConflictException when the version exists
     */
    AgentRelease upload(String version, String notes, InputStream archive, String actor);

    AgentRelease get(long id);

    /** Newest first. */
    Page<AgentRelease> list(int limit, long offset);

    /** The archive from byte {@code offset}. */
    InputStream openArchive(long id, long offset);

    AgentUpdate getUpdate(long updateId);

    /** The edge's agent updates, newest first. */
    List<AgentUpdate> forEdge(long edgeId, int limit);

    /**
     * Records an agent's report on one of its updates.
     *
     * @throws io.modelfleet.api.NotFoundException when the update is not the edge's
     */
    AgentUpdate reportStatus(long edgeId, long updateId, StatusReport report);

    /** The settings pushed to every edge that does not set its own; {@link AgentSettings#NONE} when none. */
    AgentSettings fleetSettings();

    /** Sets (null: clears) the fleet's settings. */
    void setFleetSettings(AgentSettings settings, String actor);

    /** The edge's own settings; {@link AgentSettings#NONE} when none. */
    AgentSettings edgeSettings(long edgeId);

    /** Sets (null: clears) the edge's own settings, whose fields win over the fleet's. */
    void setEdgeSettings(long edgeId, AgentSettings settings, String actor);
}
