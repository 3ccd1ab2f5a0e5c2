package io.modelfleet.plugin.target.gitops.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A configuration as DS would hand it over: the given values, else the annotation's defaults. */
final class TestConfig {
    private TestConfig() {
    }

    static GitOpsTargetConfiguration of(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>(values);
        return (GitOpsTargetConfiguration) Proxy.newProxyInstance(TestConfig.class.getClassLoader(),
                new Class<?>[] { GitOpsTargetConfiguration.class }, (proxy, method, args) -> switch (method.getName()) {
                case "annotationType" -> GitOpsTargetConfiguration.class;
                // like DS's: no property values (they may be secrets)
                case "toString" -> "GitOpsTargetConfiguration" + copy.keySet();
                case "hashCode" -> copy.hashCode();
                case "equals" -> proxy == args[0];
                default -> copy.containsKey(method.getName()) ? copy.get(method.getName()) : method.getDefaultValue();
                });
    }
}
