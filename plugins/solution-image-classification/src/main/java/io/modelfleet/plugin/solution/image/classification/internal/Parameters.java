package io.modelfleet.plugin.solution.image.classification.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.schema.ParameterSchema;
import io.modelfleet.tribuo.sgd.SgdClassifier;

/** The training parameters, their JSON Schema and a check against it (the solution also runs in containers). */
record Parameters(String method, String backbone, int width, int height, String color, SgdClassifier classifier,
        double testFraction) {
    static final String PIXELS = "pixels";
    static final String TRANSFER = "transfer";
    static final String BACKBONE = "backbone";

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "additionalProperties": false,
              "properties": {
            """ + SgdClassifier.schemaProperties(30, 0.1, "images") + ",\n" + """
                "method": {
                  "type": "string", "enum": ["pixels", "transfer"], "default": "pixels", "title": "Method",
                  "description": "pixels: the resized, normalised pixels are the features of the classifier; transfer: the embeddings of a registered backbone are, and the exported model is backbone and classifier in one graph"
                },
                "backbone": {
                  "type": "string", "format": "modelfleet-model", "maxLength": 300, "default": "",
                  "title": "Backbone",
                  "description": "transfer: a registered ONNX feature extractor (name:version) whose metadata holds its image contract and names its embedding output; its size, colour and normalisation replace width, height and colour"
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
        String method = values.get("method").asText();
        String backbone = values.get(BACKBONE).asText().strip();
        if (TRANSFER.equals(method) && backbone.isEmpty()) {
            throw new InvalidInputException("invalid training parameters: backbone is required for method transfer",
                    java.util.Map.of("parameters.backbone", "is required for method transfer"));
        }
        return new Parameters(method, backbone, values.get("width").asInt(), values.get("height").asInt(),
                values.get("color").asText(), new SgdClassifier(values.get("algorithm").asText(),
                        values.get("epochs").asInt(), values.get("learningRate").asDouble(),
                        values.get("optimizer").asText(), values.get("minibatchSize").asInt(),
                        values.get("factors").asInt()),
                values.get("testFraction").asDouble());
    }

    int channels() {
        return "rgb".equals(color) ? 3 : 1;
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("method", method);
        if (TRANSFER.equals(method)) {
            map.put(BACKBONE, backbone);
        }
        map.put("width", width);
        map.put("height", height);
        map.put("color", color);
        map.putAll(classifier.asMap());
        map.put("testFraction", testFraction);
        return map;
    }
}
