package io.modelfleet.security.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Stands in for the instance Declarative Services makes of the configuration annotation: defaults unless overridden. */
final class TestConfig {
    private TestConfig() {
    }

    static SecurityConfiguration security(Map<String, Object> overrides) {
        return (SecurityConfiguration) Proxy.newProxyInstance(SecurityConfiguration.class.getClassLoader(),
                new Class<?>[] { SecurityConfiguration.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> SecurityConfiguration.class;
                    case "toString" -> "SecurityConfiguration" + overrides;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                            : method.getDefaultValue();
                });
    }
}
