package io.modelfleet.plugin.solution.anomaly.detection.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.schema.ParameterSchema;

/** The training parameters and their JSON Schema. {@code threshold} is null unless given. */
record Parameters(String anomalyLabel, double contamination, Double threshold, double testFraction) {

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "anomalyLabel": {
                  "type": "string", "minLength": 1, "maxLength": 128, "default": "anomaly", "title": "Anomaly label",
                  "description": "Rows with this label are known anomalies: never trained on, all held out for evaluation; every other row (labelled or not) is normal behaviour"
                },
                "contamination": {
                  "type": "number", "minimum": 0, "maximum": 0.5, "default": 0.05, "title": "Contamination",
                  "description": "Share of the training rows expected to be anomalous: the threshold is set so that this share of training scores reach it"
                },
                "threshold": {
                  "type": "number", "minimum": 0, "maximum": 1, "title": "Threshold",
                  "description": "An explicit score threshold in [0, 1]; when given, contamination is not used"
                },
                "testFraction": {
                  "type": "number", "minimum": 0.05, "maximum": 0.5, "default": 0.2, "title": "Held-out fraction",
                  "description": "Share of the normal (and unlabelled) rows held out for evaluation"
                }
              }
            }
            """;

    private static final ParameterSchema CHECK = ParameterSchema.of(SCHEMA);

    /** @throws io.modelfleet.api.InvalidInputException naming every bad field */
    static Parameters parse(String parametersJson) {
        ObjectNode values = CHECK.check(parametersJson);
        return new Parameters(values.get("anomalyLabel").asText(), values.get("contamination").asDouble(),
                values.has("threshold") ? values.get("threshold").asDouble() : null,
                values.get("testFraction").asDouble());
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("anomalyLabel", anomalyLabel);
        if (threshold == null) {
            map.put("contamination", contamination);
        } else {
            map.put("threshold", threshold);
        }
        map.put("testFraction", testFraction);
        return map;
    }
}
