package io.modelfleet.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;

/** Per-edge deployments and each edge's current one. */
@ProviderType
public interface DeploymentStore {

    /** The ids of APPROVED edges with the tag (any value when {@code tagValue} is null). */
    List<Long> approvedEdgesWithTag(String tagKey, String tagValue);

    /**
     * In one transaction: a PENDING deployment per edge, each becoming its edge's current one.
     *
     * @return the new deployments, in edge id order
     */
    List<EdgeDeployment> assign(long modelVersionId, Collection<Long> edgeIds, String actor, Instant now);

    Optional<EdgeDeployment> find(long deploymentId);

    List<EdgeDeployment> forEdge(long edgeId, int limit);

    List<EdgeDeployment> currentForModelVersion(long modelVersionId);

    /** The edge's current deployment and effective collection policy (its own, else its model's stream's). */
    DesiredTarget desiredTarget(long edgeId);

    /** The policy set on the stream or edge itself (CollectionPolicy's short form). */
    Optional<String> collectionPolicy(PolicyTarget target, long id);

    /** Sets the policy of a stream or edge; null clears it. */
    void setCollectionPolicy(PolicyTarget target, long id, String policy, String actor, Instant now);

    /** @return false when the deployment is not the edge's */
    boolean updateStatus(long edgeId, long deploymentId, EdgeDeploymentStatus status, String detail, Instant now);
}
