package io.modelfleet.api.spi.deployment;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import io.modelfleet.api.plugin.PluginDescriptor;

/** A configured way of putting models onto edges (edge agent, Kubernetes, GitOps...). Implemented by plugins. */
@ConsumerType
public interface DeploymentTarget {

    PluginDescriptor descriptor();

    DeploymentPlan plan(String deploymentId, String modelVersion, List<Long> edgeIds) throws Exception;

    void apply(DeploymentPlan plan) throws Exception;

    Map<Long, EdgeDeploymentStatus> status(String deploymentId) throws Exception;

    void rollback(String deploymentId) throws Exception;
}
