package io.modelfleet.plugin.solution.anomaly.detection.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;

/**
 * Checks training parameters against the solution's JSON Schema without trusting the caller to have done so (the
 * solution also runs outside the server): the subset SolutionType#parameterSchema documents, for a flat object. Every
 * bad field gets its own message, keyed {@code parameters.<name>}; defaults fill in what is missing.
 */
final class SchemaCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaCheck() {
    }

    static ObjectNode check(JsonNode schema, String parametersJson) {
        JsonNode parameters;
        try {
            parameters = JSON.readTree(parametersJson == null || parametersJson.isBlank() ? "{}" : parametersJson);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the training parameters are not valid JSON: "
                    + e.getOriginalMessage(), Map.of("parameters", "not valid JSON"));
        }
        if (parameters == null || !parameters.isObject()) {
            throw new InvalidInputException("the training parameters must be a JSON object",
                    Map.of("parameters", "must be an object"));
        }
        ObjectNode result = ((ObjectNode) parameters).deepCopy();
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode properties = schema.path("properties");
        for (Iterator<String> names = result.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!properties.has(name)) {
                errors.put("parameters." + name, "is not a parameter of this solution");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey();
            JsonNode rule = property.getValue();
            JsonNode value = result.get(name);
            if (value == null || value.isNull()) {
                if (rule.has("default")) {
                    result.set(name, rule.get("default").deepCopy());
                } else {
                    result.remove(name);
                }
                continue;
            }
            String problem = problem(rule, value);
            if (problem != null) {
                errors.put("parameters." + name, problem);
            }
        }
        if (!errors.isEmpty()) {
            StringBuilder detail = new StringBuilder("invalid training parameters:");
            errors.forEach((field, message) -> detail.append(' ').append(field.substring("parameters.".length()))
                    .append(' ').append(message).append(';'));
            detail.setLength(detail.length() - 1);
            throw new InvalidInputException(detail.toString(), errors);
        }
        return result;
    }

    private static String problem(JsonNode rule, JsonNode value) {
        String type = rule.path("type").asText();
        switch (type) {
            case "integer" -> {
                if (!value.isNumber() || value.decimalValue().stripTrailingZeros().scale() > 0) {
                    return "must be an integer";
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    return "must be a number";
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    return "must be a string";
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    return "must be true or false";
                }
            }
            default -> throw new IllegalStateException("unsupported schema type " + type);
        }
        if (rule.has("enum")) {
            for (JsonNode allowed : rule.get("enum")) {
                if (allowed.equals(value)) {
                    return null;
                }
            }
            StringBuilder options = new StringBuilder();
            rule.get("enum").forEach(allowed -> options.append(options.length() == 0 ? "" : ", ")
                    .append(allowed.asText()));
            return "must be one of " + options;
        }
        if (value.isTextual()) {
            int length = value.asText().length();
            if (rule.has("minLength") && length < rule.get("minLength").asInt()) {
                return "must have at least " + rule.get("minLength").asInt() + " characters";
            }
            if (rule.has("maxLength") && length > rule.get("maxLength").asInt()) {
                return "must have at most " + rule.get("maxLength").asInt() + " characters";
            }
        }
        if (value.isNumber()) {
            double number = value.asDouble();
            if (rule.has("minimum") && number < rule.get("minimum").asDouble()) {
                return "must be at least " + rule.get("minimum").asText();
            }
            if (rule.has("exclusiveMinimum") && number <= rule.get("exclusiveMinimum").asDouble()) {
                return "must be greater than " + rule.get("exclusiveMinimum").asText();
            }
            if (rule.has("maximum") && number > rule.get("maximum").asDouble()) {
                return "must be at most " + rule.get("maximum").asText();
            }
            if (rule.has("exclusiveMaximum") && number >= rule.get("exclusiveMaximum").asDouble()) {
                return "must be less than " + rule.get("exclusiveMaximum").asText();
            }
        }
        return null;
    }
}
