package io.modelfleet.plugin.solution.tabular.classification.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.schema.ParameterSchema;
import io.modelfleet.tribuo.sgd.SgdClassifier;

/**
 * The training parameters: their JSON Schema, and a check against it that does not trust the caller to have validated
 * (the solution also runs outside the server, in training containers). Every bad field gets its own message, keyed
 * {@code parameters.<name>}; defaults fill in what is missing.
 */
record Parameters(SgdClassifier classifier, double testFraction, boolean standardize) {

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "additionalProperties": false,
              "properties": {
            """ + SgdClassifier.schemaProperties(50, 0.5, "rows") + ",\n" + """
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

    private static final ParameterSchema CHECK = ParameterSchema.of(SCHEMA);

    /** @throws InvalidInputException naming every bad field */
    static Parameters parse(String parametersJson) {
        ObjectNode values = CHECK.check(parametersJson);
        return new Parameters(new SgdClassifier(values.get("algorithm").asText(), values.get("epochs").asInt(),
                values.get("learningRate").asDouble(), values.get("optimizer").asText(),
                values.get("minibatchSize").asInt(), values.get("factors").asInt()),
                values.get("testFraction").asDouble(), values.get("standardize").asBoolean());
    }

    /** As JSON, for the report. */
    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>(classifier.asMap());
        map.put("testFraction", testFraction);
        map.put("standardize", standardize);
        return map;
    }
}
