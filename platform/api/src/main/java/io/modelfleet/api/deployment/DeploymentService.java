package io.modelfleet.api.deployment;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Direct assignment of model versions to edges. Each assignment makes a new deployment per edge that becomes the
 * edge's current one; earlier ones stay as history.
 */
@ProviderType
public interface DeploymentService {

    /**
     * @throws io.modelfleet.api.NotFoundException for an unknown model version or edge id
     * @throws io.modelfleet.api.ConflictException when the version is not approved or no edge matches
     */
    List<EdgeDeployment> assign(AssignRequest request, String actor);

    /** The deployments of an edge, newest first. */
    List<EdgeDeployment> forEdge(long edgeId, int limit);

    /** The current deployments of a model version. */
    List<EdgeDeployment> forModelVersion(long modelVersionId);

    EdgeDeployment get(long deploymentId);

    DesiredState desiredState(long edgeId);

    /** Cheap: what {@link #desiredState} would answer as ETag, for heartbeat replies. */
    String desiredStateEtag(long edgeId);

    /**
     * Records an agent's report on one of its deployments.
     *
     * @throws io.modelfleet.api.NotFoundException when the deployment is not the edge's
     */
    EdgeDeployment reportStatus(long edgeId, long deploymentId, StatusReport report);

    /** The server's Ed25519 public key (X.509 SubjectPublicKeyInfo, base64) that agents pin at enrollment. */
    String signingPublicKey();

    /** The policy set on the stream, or null when it sets none. */
    CollectionPolicy streamCollectionPolicy(long streamId);

    /** Sets (null: clears) the stream's policy, for every edge running its models that sets none of its own. */
    void setStreamCollectionPolicy(long streamId, CollectionPolicy policy, String actor);

    /** What the edge's desired state carries: its own policy, else its model's stream's, else null. */
    CollectionPolicy effectiveCollectionPolicy(long edgeId);

    /** The policy set on the edge itself, or null when it sets none. */
    CollectionPolicy edgeCollectionPolicy(long edgeId);

    /** Sets (null: clears) the edge's own policy, which wins over its stream's. */
    void setEdgeCollectionPolicy(long edgeId, CollectionPolicy policy, String actor);
}
