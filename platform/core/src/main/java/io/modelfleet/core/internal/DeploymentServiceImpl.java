package io.modelfleet.core.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.deployment.AssignRequest;
import io.modelfleet.api.deployment.CollectionPolicy;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.deployment.DesiredState;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.persistence.DeploymentStore;
import io.modelfleet.persistence.DesiredTarget;
import io.modelfleet.persistence.PolicyTarget;
import io.modelfleet.persistence.StreamStore;
import io.modelfleet.persistence.EdgeStore;
import io.modelfleet.persistence.ModelStore;

/**
 * Direct assignment. The desired state of an edge is its current deployment, served as a freshly signed manifest,
 * and its effective collection policy; its ETag is derived from the deployment id and the policy alone, so heartbeats can answer it from a short cache and agents only
 * fetch the desired state when it really changed. Staged rollouts will create the same per-edge deployments in waves.
 */
/** Configured with the registry; the metatype of that PID is designated there. */
@Component(service = DeploymentService.class, configurationPid = ModelRegistryConfiguration.PID)
public final class DeploymentServiceImpl implements DeploymentService {
    static final String ARTIFACT_PATH = "/api/v1/edge/artifacts/";
    private static final String DEPLOYMENT = "deployment";
    private static final int MAX_HISTORY = 500;

    private final DeploymentStore deployments;
    private final ModelStore models;
    private final EdgeStore edges;
    private final StreamStore streams;
    private final AuditLog audit;
    private final ManifestSigner signer;
    private final Clock clock;
    private final Duration manifestValidity;
    private final long cacheNanos;
    private final Map<Long, CachedCurrent> currentByEdge = new ConcurrentHashMap<>();

    private record CachedCurrent(long deploymentId, String collectionPolicy, long validUntilNanos) {
    }

    @Activate
    public DeploymentServiceImpl(@Reference DeploymentStore deployments, @Reference ModelStore models,
            @Reference EdgeStore edges, @Reference StreamStore streams, @Reference AuditLog audit, BundleContext context,
            ModelRegistryConfiguration config) throws IOException, GeneralSecurityException {
        this(deployments, models, edges, streams, audit, ManifestSigner.loadOrCreate(keyFile(context, config)),
                Duration.ofHours(config.manifestValidityHours()), Duration.ofSeconds(config.desiredStateCacheSeconds()),
                Clock.systemUTC());
    }

    DeploymentServiceImpl(DeploymentStore deployments, ModelStore models, EdgeStore edges, StreamStore streams,
            AuditLog audit, ManifestSigner signer, Duration manifestValidity, Duration cache, Clock clock) {
        this.deployments = deployments;
        this.models = models;
        this.edges = edges;
        this.streams = streams;
        this.audit = audit;
        this.signer = signer;
        this.manifestValidity = manifestValidity;
        this.cacheNanos = cache.toNanos();
        this.clock = clock;
    }

    private static Path keyFile(BundleContext context, ModelRegistryConfiguration config) {
        if (!config.signingKeyFile().isBlank()) {
            return Path.of(config.signingKeyFile());
        }
        String data = context.getProperty("karaf.data");
        return Path.of(data == null ? "data" : data, "modelfleet", "signing", "manifest-ed25519.key");
    }

    @Override
    public List<EdgeDeployment> assign(AssignRequest request, String actor) {
        ModelVersion version = models.find(request.modelVersionId()).orElseThrow(
                () -> new NotFoundException("model version " + request.modelVersionId() + " does not exist"));
        if (!version.stage().deployable()) {
            throw new ConflictException("model version " + version.reference() + " is " + version.stage()
                    + "; approve it before assigning it to edges");
        }
        Set<Long> edgeIds = new LinkedHashSet<>();
        Instant now = clock.instant();
        for (long edgeId : request.edgeIds()) {
            Edge edge = edges.findEdge(edgeId, now).orElseThrow(() -> new NotFoundException("edge " + edgeId + " does not exist"));
            if (edge.state() != EdgeState.APPROVED) {
                throw new ConflictException("edge " + edge.name() + " (" + edgeId + ") is " + edge.state()
                        + "; only approved edges run models");
            }
            edgeIds.add(edgeId);
        }
        if (request.tagKey() != null) {
            edgeIds.addAll(deployments.approvedEdgesWithTag(request.tagKey(), request.tagValue()));
        }
        if (edgeIds.isEmpty()) {
            throw new ConflictException("no approved edge has the tag " + request.tagKey()
                    + (request.tagValue() == null ? "" : "=" + request.tagValue()));
        }
        List<EdgeDeployment> created = deployments.assign(version.id(), edgeIds, actor, now);
        created.forEach(d -> currentByEdge.remove(d.edgeId()));
        audit.record(actor, "model.assign", "model-version", Long.toString(version.id()),
                version.reference() + " to " + created.size() + " edge(s): " + edgeIds);
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
        DesiredTarget target = deployments.desiredTarget(edgeId);
        long deploymentId = target.deploymentId() == null ? 0 : target.deploymentId();
        currentByEdge.put(edgeId, new CachedCurrent(deploymentId, target.collectionPolicy(),
                System.nanoTime() + cacheNanos));
        CollectionPolicy collection = target.collectionPolicy() == null ? null
                : CollectionPolicy.parse(target.collectionPolicy());
        String etag = etag(edgeId, deploymentId, target.collectionPolicy());
        if (deploymentId == 0) {
            return new DesiredState(etag, null, collection);
        }
        EdgeDeployment deployment = get(deploymentId);
        ModelVersion version = models.find(deployment.modelVersionId()).orElseThrow();
        Instant now = clock.instant();
        ModelManifest manifest = new ModelManifest(deployment.id(), edgeId, version.id(), version.name(),
                version.version(), version.format(), version.sha256(), version.sizeBytes(),
                ARTIFACT_PATH + deployment.id(), version.metadata(), now, now.plus(manifestValidity));
        return new DesiredState(etag, signer.sign(manifest), collection);
    }

    @Override
    public String desiredStateEtag(long edgeId) {
        CachedCurrent cached = currentByEdge.get(edgeId);
        if (cached == null || cached.validUntilNanos() - System.nanoTime() < 0) {
            DesiredTarget target = deployments.desiredTarget(edgeId);
            cached = new CachedCurrent(target.deploymentId() == null ? 0 : target.deploymentId(),
                    target.collectionPolicy(), System.nanoTime() + cacheNanos);
            currentByEdge.put(edgeId, cached);
        }
        return etag(edgeId, cached.deploymentId(), cached.collectionPolicy());
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
        currentByEdge.clear(); // any edge may run one of the stream's models
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
        currentByEdge.remove(edgeId);
        audit.record(actor, "edge.collection", "edge", Long.toString(edgeId), policy == null ? "cleared" : policy.text());
    }

    /** Changes with the deployment and the policy (whose short form has no quote, so it may stand in the tag). */
    private static String etag(long edgeId, long deploymentId, String collectionPolicy) {
        return "\"" + edgeId + "-d" + deploymentId + (collectionPolicy == null ? "" : "-c" + collectionPolicy) + "\"";
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
        return signer.publicKey();
    }
}
