package io.modelfleet.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;

/**
 * Training parameters as a user sends them, against the schemas solutions declare: either they come back checked
 * (every rule holds, defaults filled in, whole numbers unchanged in value, checking again changes nothing) or the
 * check fails with {@link InvalidInputException} naming fields, never with anything else.
 */
class ParameterSchemaFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every keyword the checker knows, an integer without bounds, and a schema open to other fields. */
    private static final List<String> SCHEMAS = List.of("""
            {"type": "object", "additionalProperties": false, "required": ["target"],
             "properties": {
               "epochs": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 20},
               "seed": {"type": "integer"},
               "learningRate": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "default": 0.1},
               "momentum": {"type": "number", "minimum": -1.5, "maximum": 1.5},
               "algorithm": {"type": "string", "enum": ["logistic", "fm"], "default": "logistic"},
               "factors": {"type": "integer", "enum": [2, 4, 8]},
               "standardize": {"type": "boolean", "default": true},
               "anything": {"enum": [1, "one", true, null]},
               "target": {"type": "string", "minLength": 1, "maxLength": 8}
             }}""", """
            {"type": "object", "additionalProperties": true,
             "properties": {"count": {"type": "integer", "default": 3}, "name": {"type": "string"}}}""", """
            {"type": "object", "properties": {}}""");
    private static final List<String> NAMES = List.of("epochs", "seed", "learningRate", "momentum", "algorithm",
            "factors", "standardize", "anything", "target", "count", "name", "extra", "");

    @FuzzTest(maxExecutions = 60_000, maxDuration = "4s")
    void checkedOrRefusedByField(FuzzedDataProvider data) throws Exception {
        String schemaJson = SCHEMAS.get(data.consumeInt(0, SCHEMAS.size() - 1));
        String parameters = data.consumeBoolean() ? data.consumeRemainingAsString() : object(data, 0).toString();
        ParameterSchema schema = ParameterSchema.of(schemaJson);
        ObjectNode result;
        try {
            result = schema.check(parameters);
        } catch (InvalidInputException e) {
            assertFalse(e.fields().isEmpty(), "a refusal names the fields: " + e.detail());
            e.fields().keySet().forEach(field -> assertTrue(field.equals("parameters") || field.startsWith("parameters."),
                    field));
            assertNoJavaNames(e.detail(), parameters);
            e.fields().values().forEach(message -> assertNoJavaNames(message, parameters));
            return;
        }
        JsonNode rules = JSON.readTree(schemaJson);
        JsonNode given = JSON.readTree(parameters == null || parameters.isBlank() ? "{}" : parameters);
        for (JsonNode required : rules.path("required")) {
            assertTrue(result.hasNonNull(required.asText()), "required " + required + " in " + result);
        }
        boolean closed = !rules.path("additionalProperties").asBoolean(true);
        for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            assertFalse(value.isNull(), field.getKey() + " is null in " + result);
            JsonNode rule = rules.path("properties").get(field.getKey());
            if (rule == null) {
                assertFalse(closed, field.getKey() + " is not a parameter");
                continue;
            }
            if (value.isNumber()) {
                assertTrue(Double.isFinite(value.asDouble()), field + " is finite");
            }
            JsonNode sent = given.get(field.getKey());
            if (sent == null || sent.isNull()) {
                assertEquals(rule.get("default"), value, "the default of " + field.getKey());
            } else if ("integer".equals(rule.path("type").asText())) {
                assertTrue(value.isIntegralNumber(), field + " is a whole number");
                assertEquals(0, sent.decimalValue().compareTo(value.decimalValue()),
                        field.getKey() + " keeps its value: sent " + sent + ", checked " + value);
            } else {
                assertEquals(sent, value, field.getKey() + " is kept as sent");
            }
        }
        // checked parameters are a fixed point: the server checks what it stored again when a run is queued
        assertEquals(result.toString(), schema.check(result.toString()).toString(), "checking again changes nothing");
    }

    /** A JSON object with names the schemas know and values of every JSON type, sizes included. */
    private static ObjectNode object(FuzzedDataProvider data, int depth) {
        ObjectNode object = JSON.createObjectNode();
        int fields = data.consumeInt(0, 6);
        for (int i = 0; i < fields; i++) {
            String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(12);
            object.set(name, value(data, depth));
        }
        return object;
    }

    private static JsonNode value(FuzzedDataProvider data, int depth) {
        var nodes = JSON.getNodeFactory();
        return switch (data.consumeInt(0, 10)) {
            case 0 -> nodes.nullNode();
            case 1 -> nodes.booleanNode(data.consumeBoolean());
            case 2 -> nodes.numberNode(data.consumeInt(-5, 2000));
            case 3 -> nodes.numberNode(data.consumeLong());
            case 4 -> nodes.numberNode(data.consumeDouble());
            case 5 -> nodes.numberNode(data.consumeInt(-20, 2000) + data.pickValue(List.of(0.0, 0.5, 1e-9, -0.25)));
            case 6 -> nodes.numberNode(new java.math.BigDecimal(data.consumeInt(-9, 9) + "E" + data.consumeInt(-40, 40)));
            case 7 -> nodes.numberNode(java.math.BigInteger.valueOf(data.consumeLong()).shiftLeft(data.consumeInt(0, 80)));
            case 8 -> nodes.textNode(data.pickValue(List.of("logistic", "fm", "one", "", "y")));
            case 9 -> nodes.textNode(data.consumeString(20));
            default -> depth < 2 && data.consumeBoolean() ? object(data, depth + 1)
                    : nodes.arrayNode().add(value(data, depth + 1));
        };
    }

    /** Errors speak JSON and field names, never Java or Jackson; only what the caller sent may be echoed. */
    static void assertNoJavaNames(String message, String input) {
        assertNotNull(message);
        for (String marker : List.of("java.", "javax.", "com.fasterxml", "jackson", "Jackson", "io.modelfleet",
                "Exception", "Constraints", "JsonNode", "`")) {
            if (message.contains(marker) && (input == null || !input.contains(marker))) {
                fail("the message names Java: " + message);
            }
        }
    }
}
