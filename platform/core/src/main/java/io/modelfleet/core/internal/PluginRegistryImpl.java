package io.modelfleet.core.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.plugin.PluginInfo;
import io.modelfleet.api.plugin.PluginKind;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.training.TrainingBackend;

/**
 * Tracks plugin services of every kind as bundles come and go. Entries are keyed by kind and plugin id; an unbind
 * removes an entry only if it still belongs to the departing service, so a newer binding of the same id survives.
 */
@Component(service = PluginRegistry.class)
public final class PluginRegistryImpl implements PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistryImpl.class);

    private record Entry(Object service, long serviceId, PluginInfo info) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSolutionType(SolutionType plugin, ServiceReference<SolutionType> ref) {
        bind(PluginKind.SOLUTION_TYPE, plugin, ref, SolutionType::descriptor);
    }

    void unbindSolutionType(SolutionType plugin, ServiceReference<SolutionType> ref) {
        unbind(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDataSource(DataSource plugin, ServiceReference<DataSource> ref) {
        bind(PluginKind.DATA_SOURCE, plugin, ref, DataSource::descriptor);
    }

    void unbindDataSource(DataSource plugin, ServiceReference<DataSource> ref) {
        unbind(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTrainingBackend(TrainingBackend plugin, ServiceReference<TrainingBackend> ref) {
        bind(PluginKind.TRAINING_BACKEND, plugin, ref, TrainingBackend::descriptor);
    }

    void unbindTrainingBackend(TrainingBackend plugin, ServiceReference<TrainingBackend> ref) {
        unbind(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDeploymentTarget(DeploymentTarget plugin, ServiceReference<DeploymentTarget> ref) {
        bind(PluginKind.DEPLOYMENT_TARGET, plugin, ref, DeploymentTarget::descriptor);
    }

    void unbindDeploymentTarget(DeploymentTarget plugin, ServiceReference<DeploymentTarget> ref) {
        unbind(ref);
    }

    private <T> void bind(PluginKind kind, T plugin, ServiceReference<T> ref, Function<T, PluginDescriptor> describe) {
        PluginDescriptor descriptor;
        try {
            descriptor = describe.apply(plugin);
        } catch (RuntimeException e) {
            // one broken plugin must not keep the others out
            LOG.error("Ignoring a {} plugin from bundle {}: its descriptor failed", kind, bundleName(ref), e);
            return;
        }
        Bundle bundle = ref.getBundle();
        PluginInfo info = new PluginInfo(kind, descriptor.id(), descriptor.displayName(), descriptor.version(),
                descriptor.description(), bundle == null ? null : bundle.getSymbolicName(),
                bundle == null ? null : bundle.getVersion().toString(), bundle == null ? -1 : bundle.getBundleId(),
                "ACTIVE");
        Entry previous = entries.put(key(kind, descriptor.id()), new Entry(plugin, serviceId(ref), info));
        if (previous != null) {
            LOG.info("{} plugin '{}' from {} replaces the one from {}", kind, descriptor.id(), info.bundleSymbolicName(),
                    previous.info().bundleSymbolicName());
        }
    }

    private void unbind(ServiceReference<?> ref) {
        long serviceId = serviceId(ref);
        entries.values().removeIf(entry -> entry.serviceId() == serviceId);
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static String bundleName(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        return bundle == null ? "?" : bundle.getSymbolicName();
    }

    private static String key(PluginKind kind, String id) {
        return kind + ":" + id;
    }

    @Override
    public List<PluginInfo> plugins() {
        return entries.values().stream().map(Entry::info)
                .sorted(Comparator.comparing(PluginInfo::kind).thenComparing(PluginInfo::id)).toList();
    }

    @Override
    public List<PluginInfo> plugins(PluginKind kind) {
        return plugins().stream().filter(info -> info.kind() == kind).toList();
    }

    @Override
    public Optional<SolutionType> solutionType(String id) {
        return lookup(PluginKind.SOLUTION_TYPE, id, SolutionType.class);
    }

    @Override
    public Optional<DataSource> dataSource(String id) {
        return lookup(PluginKind.DATA_SOURCE, id, DataSource.class);
    }

    @Override
    public Optional<TrainingBackend> trainingBackend(String id) {
        return lookup(PluginKind.TRAINING_BACKEND, id, TrainingBackend.class);
    }

    @Override
    public Optional<DeploymentTarget> deploymentTarget(String id) {
        return lookup(PluginKind.DEPLOYMENT_TARGET, id, DeploymentTarget.class);
    }

    private <T> Optional<T> lookup(PluginKind kind, String id, Class<T> type) {
        return Optional.ofNullable(entries.get(key(kind, id))).map(entry -> type.cast(entry.service()));
    }
}
