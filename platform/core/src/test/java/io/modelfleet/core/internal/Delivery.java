package io.modelfleet.core.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.modelfleet.api.deployment.ManifestSigning;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetStatus;
import io.modelfleet.api.spi.deployment.TargetUnavailableException;
import io.modelfleet.persistence.internal.MyBatisDeploymentStore;
import io.modelfleet.persistence.internal.MyBatisEdgeStore;
import io.modelfleet.persistence.internal.MyBatisModelStore;
import io.modelfleet.persistence.internal.MyBatisAgentReleaseStore;
import io.modelfleet.persistence.internal.MyBatisRolloutStore;
import io.modelfleet.persistence.internal.MyBatisStreamStore;
import io.modelfleet.persistence.testing.TestDatabase;

/**
 * Deployment and rollout services wired on the real stores, with a plugin registry holding test targets: a pulling
 * one that signs like the edge agent target, and pushing ones that record what they were handed and report what a
 * test tells them to.
 */
final class Delivery {
    private static final AtomicLong SERVICE_IDS = new AtomicLong();

    final PluginRegistryImpl plugins = new PluginRegistryImpl();
    final ManifestSigner signer;
    final MyBatisRolloutStore rolloutStore;
    final MyBatisAgentReleaseStore releaseStore;
    final RolloutServiceImpl rollouts;
    final DeploymentServiceImpl deployments;
    final EdgeChanges changes;
    private final Map<String, ServiceReference<DeploymentTarget>> bound = new HashMap<>();

    Delivery(TestDatabase db, AuditLog audit, Path keyFile, Clock clock, String owner) throws Exception {
        signer = ManifestSigner.loadOrCreate(keyFile);
        MyBatisModelStore models = new MyBatisModelStore(db.database());
        MyBatisDeploymentStore deploymentStore = new MyBatisDeploymentStore(db.database());
        rolloutStore = new MyBatisRolloutStore(db.database());
        releaseStore = new MyBatisAgentReleaseStore(db.database());
        rollouts = new RolloutServiceImpl(rolloutStore, deploymentStore, models, releaseStore,
                new MyBatisStreamStore(db.database()), plugins, audit, clock, owner,
                Duration.ofSeconds(30), Duration.ofSeconds(5), 0);
        changes = FleetServiceTest.changes(db);
        deployments = new DeploymentServiceImpl(deploymentStore, models, new MyBatisEdgeStore(db.database()),
                new MyBatisStreamStore(db.database()), audit, plugins, signer, rollouts, rolloutStore, releaseStore,
                changes, Duration.ofMinutes(15), Duration.ofHours(24), clock);
        bind(new PullTarget("edge-agent", signer));
    }

    void bind(DeploymentTarget target) {
        ServiceReference<DeploymentTarget> ref = reference();
        bound.put(target.descriptor().id(), ref);
        plugins.bindDeploymentTarget(target, ref);
    }

    void unbind(DeploymentTarget target) {
        plugins.unbindDeploymentTarget(target, bound.remove(target.descriptor().id()));
    }

    void close() {
        rollouts.deactivate();
        changes.deactivate();
    }

    @SuppressWarnings("unchecked")
    static <T> ServiceReference<T> reference() {
        long id = SERVICE_IDS.incrementAndGet();
        return (ServiceReference<T>) java.lang.reflect.Proxy.newProxyInstance(Delivery.class.getClassLoader(),
                new Class<?>[] { ServiceReference.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> Constants.SERVICE_ID.equals(args[0]) ? id : null;
                    case "getBundle" -> (Bundle) null;
                    case "getProperties" -> (Dictionary<String, Object>) null;
                    case "hashCode" -> (int) id;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    /** Like the edge agent target: nothing to push, agents report, manifests signed by the server's key. */
    static final class PullTarget implements DeploymentTarget {
        private final String id;
        private final ManifestSigning signing;

        PullTarget(String id, ManifestSigning signing) {
            this.id = id;
            this.signing = signing;
        }

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor(id, "Pulling agents", "1.0.0", null);
        }

        @Override
        public void apply(List<TargetDeployment> deployments) {
        }

        @Override
        public Map<Long, TargetStatus> status(List<TargetDeployment> deployments) {
            return Map.of();
        }

        @Override
        public Optional<SignedManifest> manifest(TargetDeployment current) {
            return current.withdrawn() ? Optional.empty()
                    : Optional.of(signing.sign(current.manifest(Instant.now(), Duration.ofHours(1))));
        }
    }

    /** A push target: records every batch, reports the statuses a test sets, can be made unreachable or refusing. */
    static final class PushTarget implements DeploymentTarget {
        final String id;
        final List<List<TargetDeployment>> applied = new ArrayList<>();
        final Map<Long, TargetStatus> statuses = new HashMap<>();
        volatile boolean unreachable;
        volatile String refusal;

        PushTarget(String id) {
            this.id = id;
        }

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor(id, "Pushing test target", "1.0.0", null);
        }

        @Override
        public synchronized void apply(List<TargetDeployment> deployments) throws Exception {
            if (unreachable) {
                throw new TargetUnavailableException("cluster unreachable");
            }
            if (refusal != null) {
                throw new IllegalStateException(refusal);
            }
            applied.add(List.copyOf(deployments));
        }

        @Override
        public synchronized Map<Long, TargetStatus> status(List<TargetDeployment> deployments) {
            Map<Long, TargetStatus> known = new HashMap<>();
            deployments.forEach(d -> {
                TargetStatus status = statuses.get(d.deploymentId());
                if (status != null) {
                    known.put(d.deploymentId(), status);
                }
            });
            return known;
        }

        synchronized List<TargetDeployment> all() {
            return applied.stream().flatMap(List::stream).toList();
        }
    }
}
