package io.modelfleet.api.plugin;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.training.TrainingBackend;

/** Tracks plugin services as bundles come and go; no restart needed. */
@ProviderType
public interface PluginRegistry {

    /** Every installed plugin, sorted by kind and id. */
    List<PluginInfo> plugins();

    List<PluginInfo> plugins(PluginKind kind);

    Optional<SolutionType> solutionType(String id);

    Optional<DataSource> dataSource(String id);

    Optional<TrainingBackend> trainingBackend(String id);

    Optional<DeploymentTarget> deploymentTarget(String id);
}
