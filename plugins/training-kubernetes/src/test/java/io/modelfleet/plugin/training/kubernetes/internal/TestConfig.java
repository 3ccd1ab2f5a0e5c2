package io.modelfleet.plugin.training.kubernetes.internal;

import java.util.Map;

import io.modelfleet.testkit.ConfigAnnotations;

/** The backend's configuration in tests: the minimum it needs (image, artifact claim, namespace), plus the given values. */
final class TestConfig {
    private static final Map<String, Object> MINIMAL = Map.of("image", "registry.example/modelfleet/trainer:1.0",
            "artifactVolumeClaim", "modelfleet-artifacts", "namespace", "ml");

    private TestConfig() {
    }

    static KubernetesTrainingConfiguration minimal(Map<String, Object> values) {
        return ConfigAnnotations.of(KubernetesTrainingConfiguration.class, MINIMAL, values);
    }
}
