package io.modelfleet.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.UnavailableException;
import io.modelfleet.api.deployment.AssignRequest;
import io.modelfleet.api.deployment.CollectionPolicy;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.deployment.DesiredState;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.deployment.ManifestSigning;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.rollout.Rollout;
import io.modelfleet.api.rollout.RolloutPlan;
import io.modelfleet.api.rollout.RolloutRequest;
import io.modelfleet.api.rollout.RolloutService;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentUpdate;
import io.modelfleet.api.deployment.AgentManifest;
import io.modelfleet.api.deployment.AgentSettings;
import io.modelfleet.api.deployment.SignedAgentManifest;
import io.modelfleet.persistence.AgentReleaseStore;
import io.modelfleet.persistence.DeploymentStore;
import io.modelfleet.persistence.DesiredTarget;
import io.modelfleet.persistence.PolicyTarget;
import io.modelfleet.persistence.RolloutStore;
import io.modelfleet.persistence.StreamStore;
import io.modelfleet.persistence.EdgeStore;
import io.modelfleet.persistence.ModelStore;

/**
 * Deployments per edge and the desired state agents pull. The desired state of an edge is its current deployment, as
 * the manifest its deployment target signs, and its effective collection policy; its ETag is derived from the
 * deployment id, the policy, the agent update and settings alone, so heartbeats answer it from a cache the edge change
 * feed keeps current ({@link EdgeChanges}) and agents only fetch the desired state when it really changed. A direct assignment is a one-wave rollout.
 */
@Component(service = DeploymentService.class, configurationPid = ModelRegistryConfiguration.PID)
public final class DeploymentServiceImpl implements DeploymentService {
    private static final String DEPLOYMENT = "deployment";
    private static final int MAX_HISTORY = 500;

    private final DeploymentStore deployments;
    private final ModelStore models;
    private final EdgeStore edges;
    private final StreamStore streams;
    private final AuditLog audit;
    private final PluginRegistry plugins;
    private final ManifestSigning signing;
    private final RolloutService rollouts;
    private final RolloutStore rolloutStore;
    private final AgentReleaseStore releases;
    private final Duration agentManifestValidity;
    private final Clock clock;
    private final EdgeChanges changes;
    private final EdgeCache<String> etags;

    @Activate
    public DeploymentServiceImpl(@Reference DeploymentStore deployments, @Reference ModelStore models,
            @Reference EdgeStore edges, @Reference StreamStore streams, @Reference AuditLog audit,
            @Reference PluginRegistry plugins, @Reference ManifestSigning signing, @Reference RolloutService rollouts,
            @Reference RolloutStore rolloutStore, @Reference AgentReleaseStore releases, @Reference EdgeChanges changes,
            ModelRegistryConfiguration config) {
        this(deployments, models, edges, streams, audit, plugins, signing, rollouts, rolloutStore, releases, changes,
                Duration.ofSeconds(config.desiredStateCacheSeconds()),
                Duration.ofHours(config.agentManifestValidityHours()), Clock.systemUTC());
    }

    DeploymentServiceImpl(DeploymentStore deployments, ModelStore models, EdgeStore edges, StreamStore streams,
            AuditLog audit, PluginRegistry plugins, ManifestSigning signing, RolloutService rollouts,
            RolloutStore rolloutStore, AgentReleaseStore releases, EdgeChanges changes, Duration cache,
            Duration agentManifestValidity, Clock clock) {
        if (agentManifestValidity.isNegative() || agentManifestValidity.isZero()) {
            throw new IllegalArgumentException("agentManifestValidityHours must be positive, was "
                    + agentManifestValidity.toHours());
        }
        this.releases = releases;
        this.agentManifestValidity = agentManifestValidity;
        this.deployments = deployments;
        this.models = models;
        this.edges = edges;
        this.streams = streams;
        this.audit = audit;
        this.plugins = plugins;
        this.signing = signing;
        this.rollouts = rollouts;
        this.rolloutStore = rolloutStore;
        this.changes = changes;
        this.etags = changes.cache(cache);
        this.clock = clock;
    }

    @Override
    public List<EdgeDeployment> assign(AssignRequest request, String actor) {
        Rollout rollout = rollouts.create(new RolloutRequest(request.modelVersionId(), request.edgeIds(),
                request.tagKey(), request.tagValue(), null, RolloutPlan.ONE_WAVE, true), actor);
        List<EdgeDeployment> created = rolloutStore.deployments(rollout.id(), 1);
        created.forEach(d -> changes.changedHere(d.edgeId()));
        audit.record(actor, "model.assign", "model-version", Long.toString(rollout.modelVersionId()),
                rollout.model() + " to " + created.size() + " edge(s) as rollout " + rollout.id() + ": "
                        + created.stream().map(d -> Long.toString(d.edgeId())).limit(100).toList());
        return created;
    }

    @Override
    public List<EdgeDeployment> forEdge(long edgeId, int limit) {
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_HISTORY + ", was " + limit);
        }
        return deployments.forEdge(edgeId, limit);
    }

    @Override
    public List<EdgeDeployment> forModelVersion(long modelVersionId) {
        return deployments.currentForModelVersion(modelVersionId);
    }

    @Override
    public EdgeDeployment get(long deploymentId) {
        return deployments.find(deploymentId)
                .orElseThrow(() -> new NotFoundException("deployment " + deploymentId + " does not exist"));
    }

    @Override
    public DesiredState desiredState(long edgeId) {
        long readAt = System.nanoTime();
        DesiredTarget desired = deployments.desiredTarget(edgeId);
        long deploymentId = desired.deploymentId() == null ? 0 : desired.deploymentId();
        String etag = etag(edgeId, desired);
        etags.put(edgeId, etag, readAt);
        CollectionPolicy collection = desired.collectionPolicy() == null ? null
                : CollectionPolicy.parse(desired.collectionPolicy());
        SignedAgentManifest agent = desired.agentUpdateId() == null ? null : agentManifest(edgeId, desired.agentUpdateId());
        if (deploymentId == 0) {
            return new DesiredState(etag, null, collection, agent, desired.agentSettings());
        }
        DeploymentTarget target = plugins.deploymentTarget(desired.target()).orElseThrow(() -> new UnavailableException(
                "deployment target '" + desired.target() + "' is not installed; keep serving what runs now", 60));
        EdgeDeployment deployment = get(deploymentId);
        ModelVersion version = models.find(deployment.modelVersionId()).orElseThrow();
        SignedManifest manifest = target.manifest(new TargetDeployment(deployment.id(), edgeId, deployment.edgeName(),
                Map.of(), RolloutServiceImpl.targetModel(version))).orElse(null);
        return new DesiredState(etag, manifest, collection, agent, desired.agentSettings());
    }

    /** The platform signs agent releases itself: they go to agents that pull, whichever target delivers models. */
    private SignedAgentManifest agentManifest(long edgeId, long updateId) {
        AgentUpdate update = releases.findUpdate(updateId).orElseThrow();
        AgentRelease release = releases.find(update.releaseId()).orElseThrow();
        Instant now = clock.instant();
        return signing.sign(new AgentManifest(updateId, edgeId, release.id(), release.version(), release.sha256(),
                release.sizeBytes(), AgentManifest.artifactPath(updateId), now, now.plus(agentManifestValidity)));
    }

    @Override
    public String desiredStateEtag(long edgeId) {
        return etags.get(edgeId, id -> etag(id, deployments.desiredTarget(id)));
    }

    @Override
    public CollectionPolicy streamCollectionPolicy(long streamId) {
        streams.find(streamId).orElseThrow(() -> new NotFoundException("stream " + streamId + " does not exist"));
        return deployments.collectionPolicy(PolicyTarget.STREAM, streamId).map(CollectionPolicy::parse).orElse(null);
    }

    @Override
    public void setStreamCollectionPolicy(long streamId, CollectionPolicy policy, String actor) {
        streams.find(streamId).orElseThrow(() -> new NotFoundException("stream " + streamId + " does not exist"));
        deployments.setCollectionPolicy(PolicyTarget.STREAM, streamId, policy == null ? null : policy.text(), actor,
                clock.instant());
        changes.everyEdgeChangedHere(); // any edge may run one of the stream's models
        audit.record(actor, "stream.collection", "stream", Long.toString(streamId),
                policy == null ? "cleared" : policy.text());
    }

    @Override
    public CollectionPolicy effectiveCollectionPolicy(long edgeId) {
        edges.findEdge(edgeId, clock.instant()).orElseThrow(() -> new NotFoundException("edge " + edgeId + " does not exist"));
        String policy = deployments.desiredTarget(edgeId).collectionPolicy();
        return policy == null ? null : CollectionPolicy.parse(policy);
    }

    @Override
    public CollectionPolicy edgeCollectionPolicy(long edgeId) {
        edges.findEdge(edgeId, clock.instant()).orElseThrow(() -> new NotFoundException("edge " + edgeId + " does not exist"));
        return deployments.collectionPolicy(PolicyTarget.EDGE, edgeId).map(CollectionPolicy::parse).orElse(null);
    }

    @Override
    public void setEdgeCollectionPolicy(long edgeId, CollectionPolicy policy, String actor) {
        edges.findEdge(edgeId, clock.instant()).orElseThrow(() -> new NotFoundException("edge " + edgeId + " does not exist"));
        deployments.setCollectionPolicy(PolicyTarget.EDGE, edgeId, policy == null ? null : policy.text(), actor,
                clock.instant());
        changes.changedHere(edgeId);
        audit.record(actor, "edge.collection", "edge", Long.toString(edgeId), policy == null ? "cleared" : policy.text());
    }

    /**
     * Changes with the deployment, the policy, the agent update and the agent settings (whose short forms have no
     * quote, so they may stand in the tag).
     */
    private static String etag(long edgeId, DesiredTarget desired) {
        AgentSettings settings = desired.agentSettings();
        return "\"" + edgeId + "-d" + (desired.deploymentId() == null ? 0 : desired.deploymentId())
                + (desired.collectionPolicy() == null ? "" : "-c" + desired.collectionPolicy())
                + (desired.agentUpdateId() == null ? "" : "-a" + desired.agentUpdateId())
                + (settings == null ? "" : "-s" + settings.text()) + "\"";
    }

    @Override
    public EdgeDeployment reportStatus(long edgeId, long deploymentId, StatusReport report) {
        if (!deployments.updateStatus(edgeId, deploymentId, report.status(), report.detail(), clock.instant())) {
            throw new NotFoundException("deployment " + deploymentId + " is not one of this edge's");
        }
        EdgeDeployment deployment = get(deploymentId);
        if (report.status() == EdgeDeploymentStatus.ACTIVE) {
            models.find(deployment.modelVersionId()).filter(v -> v.stage() == ModelStage.APPROVED)
                    .ifPresent(v -> models.updateStage(v.id(), ModelStage.DEPLOYED, "edge:" + edgeId, clock.instant()));
        }
        if (report.status() == EdgeDeploymentStatus.FAILED || report.status() == EdgeDeploymentStatus.ROLLED_BACK) {
            audit.record("edge:" + edgeId, "deployment." + report.status().name().toLowerCase(java.util.Locale.ROOT),
                    DEPLOYMENT, Long.toString(deploymentId), report.detail());
        }
        return deployment;
    }

    @Override
    public String signingPublicKey() {
        return signing.publicKey();
    }
}
