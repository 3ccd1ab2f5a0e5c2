package io.modelfleet.plugin.target.kubernetes.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A configuration as DS would hand it over: the given values, else the annotation's defaults. */
final class TestConfig {
    private TestConfig() {
    }

    static KubernetesTargetConfiguration of(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>(values);
        return (KubernetesTargetConfiguration) Proxy.newProxyInstance(TestConfig.class.getClassLoader(),
                new Class<?>[] { KubernetesTargetConfiguration.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "annotationType":
                        return KubernetesTargetConfiguration.class;
                    case "toString":
                        return "config" + copy.keySet();
                    case "hashCode":
                        return copy.hashCode();
                    case "equals":
                        return proxy == args[0];
                    default:
                        Object value = copy.containsKey(method.getName()) ? copy.get(method.getName())
                                : method.getDefaultValue();
                        // DS turns a single string into a one-element array
                        if (method.getReturnType() == String[].class && value instanceof String text) {
                            return new String[] { text };
                        }
                        return value;
                    }
                });
    }

    /** The minimum: an image and a server URL, plus the given values. */
    static KubernetesTargetConfiguration minimal(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>();
        all.put("image", "modelfleet/edge-agent:0.1.0");
        all.put("serverUrl", "http://modelfleet.modelfleet.svc:8181");
        all.put("namespace", "edge");
        all.putAll(values);
        return of(all);
    }
}
