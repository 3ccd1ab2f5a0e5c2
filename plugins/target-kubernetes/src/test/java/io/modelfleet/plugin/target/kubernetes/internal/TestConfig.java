package io.modelfleet.plugin.target.kubernetes.internal;

import java.util.Map;

import io.modelfleet.testkit.ConfigAnnotations;

/** The target's configuration in tests: the minimum it needs (image, server URL, namespace), plus the given values. */
final class TestConfig {
    private static final Map<String, Object> MINIMAL = Map.of("image", "modelfleet/edge-agent:0.1.0",
            "serverUrl", "http://modelfleet.modelfleet.svc:8181", "namespace", "edge");

    private TestConfig() {
    }

    static KubernetesTargetConfiguration minimal(Map<String, Object> values) {
        return ConfigAnnotations.of(KubernetesTargetConfiguration.class, MINIMAL, values);
    }
}
