package io.modelfleet.plugin.solution.tabular.classification.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.schema.ParameterSchema;

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

    private static final ParameterSchema CHECK = ParameterSchema.of(SCHEMA);

    /** @throws InvalidInputException naming every bad field */
    static Parameters parse(String parametersJson) {
        ObjectNode values = CHECK.check(parametersJson);
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
}
