package io.modelfleet.plugin.solution.image.classification.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.schema.ParameterSchema;

/** The training parameters, their JSON Schema and a check against it (the solution also runs in containers). */
record Parameters(String method, int width, int height, String color, String algorithm, int epochs,
        double learningRate, String optimizer, int minibatchSize, int factors, double testFraction) {
    static final String PIXELS = "pixels";
    static final String FACTORIZATION_MACHINE = "factorization-machine";

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "method": {
                  "type": "string", "enum": ["pixels"], "default": "pixels", "title": "Method",
                  "description": "pixels: the resized, normalised pixels are the features of a linear classifier or factorization machine"
                },
                "width": {
                  "type": "integer", "minimum": 1, "maximum": 256, "default": 32, "title": "Width",
                  "description": "Images are resized to this width (pixels) before training and on the edge"
                },
                "height": {
                  "type": "integer", "minimum": 1, "maximum": 256, "default": 32, "title": "Height",
                  "description": "Images are resized to this height (pixels)"
                },
                "color": {
                  "type": "string", "enum": ["grayscale", "rgb"], "default": "grayscale", "title": "Colour",
                  "description": "One grey channel (luma) or three RGB channels"
                },
                "algorithm": {
                  "type": "string", "enum": ["logistic-regression", "factorization-machine"],
                  "default": "logistic-regression", "title": "Algorithm",
                  "description": "Multinomial logistic regression, or a factorization machine (pairwise pixel interactions)"
                },
                "epochs": {
                  "type": "integer", "minimum": 1, "maximum": 1000, "default": 30, "title": "Epochs",
                  "description": "Passes over the training split"
                },
                "learningRate": {
                  "type": "number", "exclusiveMinimum": 0, "maximum": 10, "default": 0.1, "title": "Learning rate",
                  "description": "Initial step size of the optimizer"
                },
                "optimizer": {
                  "type": "string", "enum": ["adagrad", "adam", "sgd"], "default": "adagrad", "title": "Optimizer",
                  "description": "AdaGrad, Adam, or plain SGD with a linearly decaying step size"
                },
                "minibatchSize": {
                  "type": "integer", "minimum": 1, "maximum": 1024, "default": 1, "title": "Minibatch size",
                  "description": "Images per gradient step"
                },
                "factors": {
                  "type": "integer", "minimum": 1, "maximum": 64, "default": 4, "title": "Factors",
                  "description": "Size of the factorization machine's interaction factors (factorization-machine only)"
                },
                "testFraction": {
                  "type": "number", "minimum": 0.05, "maximum": 0.5, "default": 0.2, "title": "Held-out fraction",
                  "description": "Share of each class's labelled images held out for evaluation"
                }
              }
            }
            """;

    private static final ParameterSchema CHECK = ParameterSchema.of(SCHEMA);

    /** @throws InvalidInputException naming every bad field */
    static Parameters parse(String parametersJson) {
        ObjectNode values = CHECK.check(parametersJson);
        return new Parameters(values.get("method").asText(), values.get("width").asInt(), values.get("height").asInt(),
                values.get("color").asText(), values.get("algorithm").asText(), values.get("epochs").asInt(),
                values.get("learningRate").asDouble(), values.get("optimizer").asText(),
                values.get("minibatchSize").asInt(), values.get("factors").asInt(),
                values.get("testFraction").asDouble());
    }

    int channels() {
        return "rgb".equals(color) ? 3 : 1;
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("method", method);
        map.put("width", width);
        map.put("height", height);
        map.put("color", color);
        map.put("algorithm", algorithm);
        map.put("epochs", epochs);
        map.put("learningRate", learningRate);
        map.put("optimizer", optimizer);
        map.put("minibatchSize", minibatchSize);
        if (FACTORIZATION_MACHINE.equals(algorithm)) {
            map.put("factors", factors);
        }
        map.put("testFraction", testFraction);
        return map;
    }
}
