package io.modelfleet.plugin.solution.tabular.classification.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;

/**
 * The training parameters: their JSON Schema, and a check against it that does not trust the caller to have validated
 * (the solution also runs outside the server, in training containers). Every bad field gets its own message, keyed
 * {@code parameters.<name>}; defaults fill in what is missing.
 */
record Parameters(String algorithm, int epochs, double learningRate, String optimizer, int minibatchSize, int factors,
        double testFraction, boolean standardize) {
    static final String LOGISTIC_REGRESSION = "logistic-regression";
    static final String FACTORIZATION_MACHINE = "factorization-machine";

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "algorithm": {
                  "type": "string", "enum": ["logistic-regression", "factorization-machine"],
                  "default": "logistic-regression", "title": "Algorithm",
                  "description": "Multinomial logistic regression (linear), or a factorization machine (linear plus pairwise feature interactions); both output softmax probabilities"
                },
                "epochs": {
                  "type": "integer", "minimum": 1, "maximum": 1000, "default": 50, "title": "Epochs",
                  "description": "Passes over the training split"
                },
                "learningRate": {
                  "type": "number", "exclusiveMinimum": 0, "maximum": 10, "default": 0.5, "title": "Learning rate",
                  "description": "Initial step size of the optimizer"
                },
                "optimizer": {
                  "type": "string", "enum": ["adagrad", "adam", "sgd"], "default": "adagrad", "title": "Optimizer",
                  "description": "AdaGrad, Adam, or plain SGD with a linearly decaying step size"
                },
                "minibatchSize": {
                  "type": "integer", "minimum": 1, "maximum": 1024, "default": 1, "title": "Minibatch size",
                  "description": "Rows per gradient step"
                },
                "factors": {
                  "type": "integer", "minimum": 1, "maximum": 64, "default": 4, "title": "Factors",
                  "description": "Size of the factorization machine's interaction factors (factorization-machine only)"
                },
                "testFraction": {
                  "type": "number", "minimum": 0.05, "maximum": 0.5, "default": 0.2, "title": "Held-out fraction",
                  "description": "Share of each class's labelled rows held out for evaluation"
                },
                "standardize": {
                  "type": "boolean", "default": true, "title": "Standardize",
                  "description": "Scale every feature to zero mean and unit variance (on the training split); the exported model does it itself, so the edge sends raw values"
                }
              }
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA_NODE;

    static {
        try {
            SCHEMA_NODE = JSON.readTree(SCHEMA);
        } catch (JsonProcessingException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** @throws InvalidInputException naming every bad field */
    static Parameters parse(String parametersJson) {
        ObjectNode values = SchemaCheck.check(SCHEMA_NODE, parametersJson);
        return new Parameters(values.get("algorithm").asText(), values.get("epochs").asInt(),
                values.get("learningRate").asDouble(), values.get("optimizer").asText(),
                values.get("minibatchSize").asInt(), values.get("factors").asInt(),
                values.get("testFraction").asDouble(), values.get("standardize").asBoolean());
    }

    /** As JSON, for the report. */
    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("algorithm", algorithm);
        map.put("epochs", epochs);
        map.put("learningRate", learningRate);
        map.put("optimizer", optimizer);
        map.put("minibatchSize", minibatchSize);
        if (FACTORIZATION_MACHINE.equals(algorithm)) {
            map.put("factors", factors);
        }
        map.put("testFraction", testFraction);
        map.put("standardize", standardize);
        return map;
    }

    /** The schema subset SolutionType#parameterSchema documents, for a flat object. */
    static final class SchemaCheck {
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
}
