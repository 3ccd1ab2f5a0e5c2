package io.modelfleet.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.Page;
import io.modelfleet.api.agent.AgentBundle;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

/** Agent releases, edges' agent updates and the agent settings pushed to edges. */
@ProviderType
public interface AgentReleaseStore {

    /** @throws io.modelfleet.api.ConflictException when the version exists */
    AgentRelease insert(String version, String sha256, long sizeBytes, List<AgentBundle> bundles, String notes,
            String actor, Instant now);

    Optional<AgentRelease> find(long id);

    Page<AgentRelease> list(int limit, long offset);

    Optional<AgentUpdate> findUpdate(long updateId);

    List<AgentUpdate> forEdge(long edgeId, int limit);

    /** False when the update is not the edge's; a ROLLED_BACK update stays so. */
    boolean updateStatus(long edgeId, long updateId, EdgeDeploymentStatus status, String detail, Instant now);

    /** NONE when unset. */
    AgentSettings fleetSettings();

    AgentSettings edgeSettings(long edgeId);

    /** Null clears. */
    void setFleetSettings(AgentSettings settings, String actor, Instant now);

    void setEdgeSettings(long edgeId, AgentSettings settings, String actor, Instant now);
}
