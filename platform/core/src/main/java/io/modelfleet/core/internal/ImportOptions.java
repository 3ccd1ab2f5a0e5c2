package io.modelfleet.core.internal;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.schema.ParameterSchema;

/**
 * Import options checked against a data source's {@code importOptionsSchema()} with the validator solution parameters
 * use ({@link ParameterSchema}), its messages keyed {@code options.<name>}. Options may come as JSON values or as text
 * (a command line, a form field): text is converted by the type the schema gives the option, and left as text when
 * it does not convert, so the validator names the problem.
 */
final class ImportOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImportOptions() {
    }

    /** The options with defaults filled in, as String, Long, Double (or BigDecimal/BigInteger beyond them) and Boolean. */
    static Map<String, Object> check(String schemaJson, Map<String, ?> options) {
        ParameterSchema schema;
        JsonNode properties;
        try {
            schema = ParameterSchema.of(schemaJson);
            properties = JSON.readTree(schemaJson).path("properties");
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new IllegalStateException("the data source's import option schema is not JSON", e);
        }
        ObjectNode given = JSON.createObjectNode();
        if (options != null) {
            for (Map.Entry<String, ?> option : options.entrySet()) {
                if (option.getKey() == null) {
                    throw new InvalidInputException("import options need a name", Map.of("options", "no empty names"));
                }
                given.set(option.getKey(), value(properties.path(option.getKey()).path("type").asText(""),
                        option.getValue()));
            }
        }
        ObjectNode checked;
        try {
            checked = schema.check(given.toString());
        } catch (InvalidInputException e) {
            Map<String, String> fields = new LinkedHashMap<>();
            e.fields().forEach((field, message) -> fields.put(field.startsWith("parameters.")
                    ? "options." + field.substring("parameters.".length()) : field.equals("parameters") ? "options"
                    : field, message.replace("is not a parameter of this solution", "is not an option of this source")));
            StringBuilder detail = new StringBuilder("invalid import options: ");
            fields.forEach((field, message) -> detail.append(field.startsWith("options.")
                    ? field.substring("options.".length()) : field).append(' ').append(message).append("; "));
            detail.setLength(detail.length() - 2);
            throw new InvalidInputException(detail.toString(), fields);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = checked.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            Object value = plain(field.getValue());
            if (value != null) {
                result.put(field.getKey(), value);
            }
        }
        return result;
    }

    /** A given value as JSON: text converted by the schema's type where it converts. */
    private static JsonNode value(String type, Object value) {
        if (value instanceof String text) {
            String trimmed = text.strip();
            try {
                switch (type) {
                case "integer", "number" -> {
                    return trimmed.isEmpty() ? JSON.nullNode() : JSON.getNodeFactory().numberNode(new BigDecimal(trimmed));
                }
                case "boolean" -> {
                    if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
                        return JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(trimmed));
                    }
                    return trimmed.isEmpty() ? JSON.nullNode() : JSON.getNodeFactory().textNode(text);
                }
                default -> {
                    return JSON.getNodeFactory().textNode(text);
                }
                }
            } catch (NumberFormatException e) {
                return JSON.getNodeFactory().textNode(text);
            }
        }
        return JSON.valueToTree(value);
    }

    private static Object plain(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.asLong() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.toString(); // objects and arrays are outside the schema subset; handed over as JSON text
    }
}
