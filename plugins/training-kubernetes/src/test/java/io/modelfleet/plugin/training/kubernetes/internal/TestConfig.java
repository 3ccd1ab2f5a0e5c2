package io.modelfleet.plugin.training.kubernetes.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A configuration as DS would hand it over: the given values, else the annotation's defaults. */
final class TestConfig {
    private TestConfig() {
    }

    static KubernetesTrainingConfiguration of(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>(values);
        return (KubernetesTrainingConfiguration) Proxy.newProxyInstance(TestConfig.class.getClassLoader(),
                new Class<?>[] { KubernetesTrainingConfiguration.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "annotationType":
                        return KubernetesTrainingConfiguration.class;
                    case "toString":
                        return "config" + copy;
                    case "hashCode":
                        return copy.hashCode();
                    case "equals":
                        return proxy == args[0];
                    default:
                        return copy.containsKey(method.getName()) ? copy.get(method.getName())
                                : method.getDefaultValue();
                    }
                });
    }

    /** The minimum: an image and a claim, plus the given values. */
    static KubernetesTrainingConfiguration minimal(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>();
        all.put("image", "registry.example/modelfleet/trainer:1.0");
        all.put("artifactVolumeClaim", "modelfleet-artifacts");
        all.put("namespace", "ml");
        all.putAll(values);
        return of(all);
    }
}
