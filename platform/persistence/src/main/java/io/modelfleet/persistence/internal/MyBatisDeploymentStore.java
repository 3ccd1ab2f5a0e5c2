package io.modelfleet.persistence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.persistence.DeploymentStore;
import io.modelfleet.persistence.DesiredTarget;
import io.modelfleet.persistence.PolicyTarget;

@Component(service = DeploymentStore.class)
public final class MyBatisDeploymentStore implements DeploymentStore {
    private final Database db;

    @Activate
    public MyBatisDeploymentStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public List<Long> approvedEdgesWithTag(String tagKey, String tagValue) {
        return db.read(DeploymentMapper.class, m -> m.approvedEdgesWithTag(tagKey, tagValue));
    }

    @Override
    public List<EdgeDeployment> assign(long modelVersionId, Collection<Long> edgeIds, String actor, Instant now) {
        if (edgeIds.isEmpty()) {
            return List.of();
        }
        TreeSet<Long> sorted = new TreeSet<>(edgeIds);
        return db.write(DeploymentMapper.class, m -> {
            m.lockEdges(sorted);
            List<Long> ids = new ArrayList<>();
            for (long edgeId : sorted) {
                EdgeMapper.Generated key = new EdgeMapper.Generated();
                m.insert(key, edgeId, modelVersionId, actor, now);
                m.setCurrent(edgeId, key.id);
                m.edgeChanged(edgeId, now);
                ids.add(key.id);
            }
            return ids.stream().map(m::find).toList();
        });
    }

    @Override
    public Optional<EdgeDeployment> find(long deploymentId) {
        return db.read(DeploymentMapper.class, m -> Optional.ofNullable(m.find(deploymentId)));
    }

    @Override
    public List<EdgeDeployment> forEdge(long edgeId, int limit) {
        return db.read(DeploymentMapper.class, m -> m.forEdge(edgeId, limit));
    }

    @Override
    public List<EdgeDeployment> currentForModelVersion(long modelVersionId) {
        return db.read(DeploymentMapper.class, m -> m.currentForModelVersion(modelVersionId));
    }

    @Override
    public boolean updateStatus(long edgeId, long deploymentId, EdgeDeploymentStatus status, String detail,
            Instant now) {
        // an unchanged row reports 0 affected rows, so ownership is checked separately
        return db.write(DeploymentMapper.class,
                m -> m.updateStatus(edgeId, deploymentId, status, detail, now) > 0 || m.owned(edgeId, deploymentId) > 0);
    }

    @Override
    public DesiredTarget desiredTarget(long edgeId) {
        DesiredTarget target = db.read(DeploymentMapper.class, m -> m.desiredTarget(edgeId));
        return target == null ? new DesiredTarget(null, null, io.modelfleet.api.edge.Edge.DEFAULT_TARGET, null, null, null, null) : target;
    }

    @Override
    public Optional<String> collectionPolicy(PolicyTarget target, long id) {
        return db.read(DeploymentMapper.class, m -> Optional.ofNullable(m.collectionPolicy(target.name(), id)));
    }

    @Override
    public void setCollectionPolicy(PolicyTarget target, long id, String policy, String actor, Instant now) {
        db.write(DeploymentMapper.class, m -> {
            if (policy == null) {
                m.clearCollectionPolicy(target.name(), id);
            } else {
                m.setCollectionPolicy(target.name(), id, policy, now, actor);
            }
            // a stream's policy reaches every edge that runs one of its models
            return target == PolicyTarget.EDGE ? m.edgeChanged(id, now) : m.everyEdgeChanged(now);
        });
    }
}
