package io.modelfleet.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.plugin.ConfigField;
import io.modelfleet.api.plugin.ConfigurableType;
import io.modelfleet.api.plugin.Option;
import io.modelfleet.api.plugin.PluginConfigurationService;

/**
 * The form of a factory-configured plugin, read from its metatype: fields with their types, and values checked and
 * converted against them. Kept apart from Config Admin so the rules can be tested without a framework.
 */
final class PluginForms {
    /** The field whose value names a plugin instance, and so its configuration. */
    static final String ID = "id";
    /** Properties Config Admin and FileInstall add; never shown, never written. */
    private static final Set<String> MANAGED = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename");
    private static final List<String> SECRET_SUFFIXES = List.of("password", "secret", "secretkey", "token");
    private static final int MAX_TEXT = 64 * 1024;

    /** A field of the form with what converting needs: the metatype's own type and its validation. */
    record Field(ConfigField view, AttributeDefinition definition) {
        String id() {
            return view.id();
        }

        boolean secret() {
            return view.secret();
        }
    }

    /** A type with its fields by id. */
    record Form(ConfigurableType type, Map<String, Field> fields) {
        boolean hasId() {
            return fields.containsKey(ID) && !fields.get(ID).secret();
        }
    }

    private PluginForms() {
    }

    static Form form(String factoryPid, String bundle, ObjectClassDefinition ocd) {
        Set<String> required = ids(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED));
        Map<String, Field> fields = new LinkedHashMap<>();
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition definition : all == null ? new AttributeDefinition[0] : all) {
            fields.put(definition.getID(), new Field(field(definition, required.contains(definition.getID())),
                    definition));
        }
        ConfigurableType type = new ConfigurableType(factoryPid, ocd.getName(), blankToNull(ocd.getDescription()),
                bundle, fields.values().stream().map(Field::view).toList());
        return new Form(type, fields);
    }

    private static Set<String> ids(AttributeDefinition[] definitions) {
        return definitions == null ? Set.of()
                : Set.copyOf(Arrays.stream(definitions).map(AttributeDefinition::getID).toList());
    }

    static ConfigField field(AttributeDefinition definition, boolean required) {
        String id = definition.getID();
        int cardinality = definition.getCardinality() == 0 ? 0
                : definition.getCardinality() == Integer.MIN_VALUE ? Integer.MAX_VALUE
                        : Math.abs(definition.getCardinality());
        List<String> defaults = definition.getDefaultValue() == null ? List.of()
                : Arrays.stream(definition.getDefaultValue())
                        // metatype writes an empty list as the default "": no value, not one empty value
                        .filter(value -> cardinality == 0 || (value != null && !value.isEmpty()))
                        .map(value -> value == null ? "" : value).toList();
        List<Option> options = new ArrayList<>();
        String[] values = definition.getOptionValues();
        String[] labels = definition.getOptionLabels();
        for (int i = 0; values != null && i < values.length; i++) {
            options.add(new Option(values[i], labels != null && i < labels.length ? labels[i] : values[i]));
        }
        return new ConfigField(id, definition.getName() == null ? id : definition.getName(),
                blankToNull(definition.getDescription()), typeName(definition.getType(), id), required, defaults,
                options, cardinality);
    }

    private static String typeName(int type, String id) {
        if (type == AttributeDefinition.PASSWORD || secretName(id)) {
            return PluginConfigurationService.PASSWORD;
        }
        return switch (type) {
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE ->
                PluginConfigurationService.INTEGER;
            case AttributeDefinition.LONG, 9 /* BIGINTEGER */ -> PluginConfigurationService.LONG;
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT, 10 /* BIGDECIMAL */ ->
                PluginConfigurationService.DOUBLE;
            case AttributeDefinition.BOOLEAN -> PluginConfigurationService.BOOLEAN;
            default -> PluginConfigurationService.STRING;
        };
    }

    /**
     * Secrets by name, for settings whose metatype forgot to say PASSWORD and for properties no metatype describes
     * (a leading dot is Declarative Services' mark of a private property).
     */
    static boolean secretName(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return key.startsWith(".") || SECRET_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    static boolean managed(String key) {
        return MANAGED.contains(key);
    }

    /**
     * The values to store: those given, checked and converted, over the secrets of {@code current} (kept when left
     * out or null, cleared by ""). Every problem is reported at once, by field.
     *
     * @param current the stored values of the instance being changed, empty when creating
     */
    static Map<String, Object> values(Form form, Map<String, ?> given, Map<String, Object> current) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, ?> values = given == null ? Map.of() : given;
        for (String key : values.keySet()) {
            if (key == null || !form.fields().containsKey(key)) {
                problems.put(String.valueOf(key), "is not a setting of " + form.type().name());
            }
        }
        for (Field field : form.fields().values()) {
            Object raw = values.get(field.id());
            if (field.secret() && raw == null && current.containsKey(field.id())) {
                result.put(field.id(), current.get(field.id()));
                continue;
            }
            try {
                // a secret set to "" is cleared: the plugin's default (if any) applies again
                Object converted = field.secret() && "".equals(raw) ? null : convert(field, raw);
                if (converted != null) {
                    result.put(field.id(), converted);
                } else if (field.view().required() && field.definition().getDefaultValue() == null) {
                    problems.put(field.id(), "is required");
                }
            } catch (IllegalArgumentException e) {
                // a secret's value is never echoed, not even a wrong one
                problems.put(field.id(), field.secret() ? e.getMessage().replaceAll(", was .*$", "") : e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder detail = new StringBuilder("the settings of " + form.type().name() + " are not valid: ");
            problems.forEach((id, problem) -> detail.append(id).append(' ').append(problem).append("; "));
            throw new InvalidInputException(detail.substring(0, detail.length() - 2), problems);
        }
        return result;
    }

    /** The value to store for one field, null when none was given. */
    private static Object convert(Field field, Object raw) {
        if (raw == null || (raw instanceof String text && text.isEmpty() && !isText(field))) {
            return null;
        }
        int cardinality = field.view().cardinality();
        if (cardinality == 0) {
            if (raw instanceof Collection<?> || raw.getClass().isArray()) {
                throw new IllegalArgumentException("takes one value, not a list");
            }
            return element(field, raw);
        }
        List<?> elements;
        if (raw instanceof Collection<?> collection) {
            elements = List.copyOf(collection.stream().map(e -> e == null ? "" : e).toList());
        } else if (raw instanceof Object[] array) {
            elements = Arrays.asList(array);
        } else if (raw instanceof String text) {
            // a list typed as text (shell, .cfg habit): comma separated
            elements = text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).toList();
        } else {
            elements = List.of(raw);
        }
        if (elements.size() > cardinality) {
            throw new IllegalArgumentException("takes at most " + cardinality + " values, got " + elements.size());
        }
        List<Object> converted = new ArrayList<>();
        for (Object element : elements) {
            converted.add(element(field, element));
        }
        return toArray(field, converted);
    }

    private static Object toArray(Field field, List<Object> values) {
        return switch (field.view().type()) {
            case PluginConfigurationService.INTEGER -> values.toArray(new Integer[0]);
            case PluginConfigurationService.LONG -> values.toArray(new Long[0]);
            case PluginConfigurationService.DOUBLE -> values.toArray(new Double[0]);
            case PluginConfigurationService.BOOLEAN -> values.toArray(new Boolean[0]);
            default -> values.stream().map(String::valueOf).toArray(String[]::new);
        };
    }

    private static boolean isText(Field field) {
        int type = field.definition().getType();
        return type == AttributeDefinition.STRING || type == AttributeDefinition.PASSWORD
                || type == AttributeDefinition.CHARACTER;
    }

    private static Object element(Field field, Object raw) {
        Object value = switch (field.definition().getType()) {
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE ->
                (int) whole(raw, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case AttributeDefinition.LONG, 9 -> whole(raw, Long.MIN_VALUE, Long.MAX_VALUE);
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT, 10 -> decimal(raw);
            case AttributeDefinition.BOOLEAN -> bool(raw);
            default -> text(raw);
        };
        String text = String.valueOf(value);
        List<Option> options = field.view().options();
        if (!options.isEmpty() && options.stream().noneMatch(option -> option.value().equals(text))) {
            throw new IllegalArgumentException("must be one of " + String.join(", ",
                    options.stream().map(Option::value).toList()) + ", was '" + shown(field, text) + "'");
        }
        if (!text.isEmpty()) {
            // the plugin's own bounds, if its metatype declares any; commas would split the value into a list
            String problem = field.definition().validate(text.replace("\\", "\\\\").replace(",", "\\,"));
            if (problem != null && !problem.isEmpty()) {
                throw new IllegalArgumentException(field.secret() ? "is not valid" : problem);
            }
        }
        return value;
    }

    private static String shown(Field field, String text) {
        return field.secret() ? "(secret)" : text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    private static long whole(Object raw, long min, long max) {
        long value;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            value = ((Number) raw).longValue();
        } else if (raw instanceof Number number) {
            double d = number.doubleValue();
            if (d != Math.rint(d) || Math.abs(d) > 9.0e18) {
                throw new IllegalArgumentException("must be a whole number, was " + raw);
            }
            value = (long) d;
        } else if (raw instanceof String text) {
            try {
                value = Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number, was '" + abbreviate(text) + "'");
            }
        } else {
            throw new IllegalArgumentException("must be a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    private static double decimal(Object raw) {
        double value;
        if (raw instanceof Number number) {
            value = number.doubleValue();
        } else if (raw instanceof String text) {
            try {
                value = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number, was '" + abbreviate(text) + "'");
            }
        } else {
            throw new IllegalArgumentException("must be a number");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("must be a finite number");
        }
        return value;
    }

    private static boolean bool(Object raw) {
        if (raw instanceof Boolean value) {
            return value;
        }
        if (raw instanceof String text && (text.strip().equalsIgnoreCase("true") || text.strip().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text.strip());
        }
        throw new IllegalArgumentException("must be true or false");
    }

    private static String text(Object raw) {
        if (!(raw instanceof String || raw instanceof Number || raw instanceof Boolean)) {
            throw new IllegalArgumentException("must be text");
        }
        String text = String.valueOf(raw);
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("is " + text.length() + " characters long; the limit is " + MAX_TEXT);
        }
        return text;
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    /** Stored properties as answered: secrets only as set or unset, lists as lists. */
    static Map<String, Object> shownValues(Form form, Map<String, Object> stored) {
        Map<String, Object> shown = new LinkedHashMap<>();
        stored.forEach((key, value) -> {
            if (!isSecret(form, key) && !managed(key)) {
                shown.put(key, value instanceof Object[] array ? Arrays.asList(array) : value);
            }
        });
        return shown;
    }

    static Map<String, Boolean> secretsSet(Form form, Map<String, Object> stored) {
        Map<String, Boolean> set = new LinkedHashMap<>();
        form.fields().values().stream().filter(Field::secret)
                .forEach(field -> set.put(field.id(), hasValue(stored.get(field.id()))));
        stored.forEach((key, value) -> {
            if (isSecret(form, key) && !set.containsKey(key)) {
                set.put(key, hasValue(value));
            }
        });
        return set;
    }

    static boolean isSecret(Form form, String key) {
        Field field = form.fields().get(key);
        return field != null ? field.secret() : secretName(key);
    }

    private static boolean hasValue(Object value) {
        return value != null && !"".equals(value) && !(value instanceof Object[] array && array.length == 0);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
