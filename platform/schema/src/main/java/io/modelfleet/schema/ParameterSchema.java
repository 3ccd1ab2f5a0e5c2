package io.modelfleet.schema;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.solution.SolutionType;

/**
 * Checks training parameters against a solution's JSON Schema: the subset
 * {@link io.modelfleet.api.spi.solution.SolutionType#parameterSchema()} lists, one level of properties deep (parameters
 * are a flat object). Every bad field gets its own message, keyed {@code parameters.<name>}; defaults fill in what is
 * missing. The server checks with it before it stores a stream; solutions check again with it when they train, since
 * they may run outside the server (a training container).
 */
public final class ParameterSchema {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode schema;

    private ParameterSchema(JsonNode schema) {
        this.schema = schema;
    }

    /** @throws IllegalArgumentException when the schema itself is not JSON (the solution's mistake) */
    public static ParameterSchema of(String schemaJson) {
        try {
            return new ParameterSchema(JSON.readTree(schemaJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the parameter schema is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @return the parameters with defaults filled in and whole numbers for integers
     * @throws InvalidInputException with one message per bad field
     */
    public ObjectNode check(String parametersJson) {
        JsonNode parameters;
        try {
            parameters = JSON.readTree(parametersJson == null || parametersJson.isBlank() ? "{}" : parametersJson);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("parameters are not valid JSON: " + jsonProblem(e),
                    Map.of("parameters", "not valid JSON"));
        }
        if (parameters == null || !parameters.isObject()) {
            throw new InvalidInputException("parameters must be a JSON object", Map.of("parameters", "must be an object"));
        }
        ObjectNode result = ((ObjectNode) parameters).deepCopy();
        // an explicit null is a parameter left out: its default applies, a required one is missing
        result.properties().removeIf(field -> field.getValue().isNull());
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode value = result.get(property.getKey());
            if ((value == null || value.isNull()) && property.getValue().has("default")) {
                result.set(property.getKey(), property.getValue().get("default").deepCopy());
            }
        }
        for (JsonNode required : schema.path("required")) {
            JsonNode value = result.get(required.asText());
            if (value == null || value.isNull()) {
                errors.put("parameters." + required.asText(), "is required");
            }
        }
        boolean closed = schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = "parameters." + field.getKey();
            JsonNode rule = properties.get(field.getKey());
            if (rule == null) {
                if (closed) {
                    errors.put(path, "is not a parameter of this solution");
                }
                continue;
            }
            if (errors.containsKey(path)) {
                continue;
            }
            String problem = problem(rule, field.getValue());
            if (problem != null) {
                errors.put(path, problem);
            } else if ("integer".equals(rule.path("type").asText()) && !field.getValue().isIntegralNumber()) {
                // 5.0 is a valid integer; solutions read it as 5 (1e20 stays 1e20, not the largest long)
                BigInteger whole = field.getValue().decimalValue().toBigIntegerExact();
                field.setValue(whole.bitLength() < Long.SIZE ? LongNode.valueOf(whole.longValue())
                        : BigIntegerNode.valueOf(whole));
            }
        }
        if (!errors.isEmpty()) {
            StringBuilder detail = new StringBuilder("invalid training parameters: ");
            errors.forEach((field, message) -> detail.append(field.substring("parameters.".length())).append(' ')
                    .append(message).append("; "));
            detail.setLength(detail.length() - 2);
            throw new InvalidInputException(detail.toString(), errors);
        }
        return result;
    }

    /** The parser's reason in JSON terms: without its source description, feature names and limit getters. */
    private static String jsonProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        if (message.contains("exceeds the maximum")) {
            return "a value or the nesting is too long";
        }
        message = message.replaceAll(" ?\\(start marker at \\[Source:.*", "")
                .replaceAll(":? ?\\(?(enable|from) `[^`]*`[^)]*\\)?", "").replaceAll("`[^`]*`", "").trim();
        return (message.isEmpty() ? "malformed" : message) + (e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }

    /**
     * The parameters naming a registered model version ({@code "format": "modelfleet-model"} string properties), by
     * parameter name, in schema order; unset and empty ones are left out.
     */
    public Map<String, String> modelReferences(ObjectNode checked) {
        Map<String, String> references = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode value = checked.get(property.getKey());
            if (SolutionType.MODEL_PARAMETER_FORMAT.equals(property.getValue().path("format").asText()) && value != null
                    && value.isTextual() && !value.asText().isBlank()) {
                references.put(property.getKey(), value.asText().strip());
            }
        }
        return references;
    }

    /** {@link #check} as compact JSON text. */
    public String validate(String parametersJson) {
        return check(parametersJson).toString();
    }

    private static String problem(JsonNode rule, JsonNode value) {
        if (value.isNumber() && !Double.isFinite(value.asDouble())) {
            return "must be a finite number";
        }
        switch (rule.path("type").asText("")) {
            case "number" -> {
                if (!value.isNumber()) {
                    return "must be a number";
                }
            }
            case "integer" -> {
                if (!value.isNumber() || value.decimalValue().stripTrailingZeros().scale() > 0) {
                    return "must be a whole number";
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
            default -> {
                // no type: anything goes, only enum applies
            }
        }
        if (rule.has("enum")) {
            for (JsonNode option : rule.get("enum")) {
                if (option.equals(value) || option.isNumber() && value.isNumber() && option.asDouble() == value.asDouble()) {
                    return null;
                }
            }
            StringBuilder options = new StringBuilder();
            rule.get("enum").forEach(option -> options.append(options.length() == 0 ? "" : ", ").append(option.asText()));
            return "must be one of " + options;
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
        if (value.isTextual()) {
            int length = value.asText().codePointCount(0, value.asText().length());
            if (rule.has("minLength") && length < rule.get("minLength").asInt()) {
                return "must be at least " + rule.get("minLength").asInt() + " characters long";
            }
            if (rule.has("maxLength") && length > rule.get("maxLength").asInt()) {
                return "must be at most " + rule.get("maxLength").asInt() + " characters long";
            }
        }
        return null;
    }
}
