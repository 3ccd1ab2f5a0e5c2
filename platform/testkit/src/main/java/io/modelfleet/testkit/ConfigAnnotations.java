package io.modelfleet.testkit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the configuration a component's constructor receives, as Declarative Services would hand it over: an
 * instance of the component's {@code @ObjectClassDefinition} annotation interface whose methods return the given
 * values, else the annotation's default values. Like DS it turns a single string into a one-element array and a
 * number into the method's number type, and its {@code toString} names the properties set but not their values
 * (they may be secrets).
 */
public final class ConfigAnnotations {
    private ConfigAnnotations() {
    }

    /** An instance of {@code type} with these values (method name to value), else the defaults. */
    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> values) {
        Map<String, Object> copy = new HashMap<>(values);
        for (String name : copy.keySet()) {
            try {
                type.getMethod(name);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no property " + name);
            }
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> switch (method.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + copy.keySet();
                case "hashCode" -> copy.hashCode();
                case "equals" -> self == args[0];
                default -> value(method, copy);
                });
        return type.cast(proxy);
    }

    /** {@link #of} of {@code defaults} overridden by {@code values}: a test's minimal configuration plus its own. */
    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> defaults, Map<String, ?> values) {
        Map<String, Object> all = new HashMap<>(defaults);
        all.putAll(values);
        return of(type, all);
    }

    private static Object value(Method method, Map<String, Object> values) {
        if (!values.containsKey(method.getName())) {
            return method.getDefaultValue();
        }
        Object value = values.get(method.getName());
        Class<?> returns = method.getReturnType();
        if (returns == String[].class && value instanceof String text) {
            return new String[] { text };
        }
        if (value instanceof Number number && !returns.isInstance(value)) {
            if (returns == long.class || returns == Long.class) {
                return number.longValue();
            } else if (returns == int.class || returns == Integer.class) {
                return number.intValue();
            } else if (returns == double.class || returns == Double.class) {
                return number.doubleValue();
            } else if (returns == float.class || returns == Float.class) {
                return number.floatValue();
            } else if (returns == short.class || returns == Short.class) {
                return number.shortValue();
            } else if (returns == byte.class || returns == Byte.class) {
                return number.byteValue();
            }
        }
        return value;
    }
}
