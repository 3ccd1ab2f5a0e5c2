package io.modelfleet.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;

class ParameterSchemaTest {
    private static final ParameterSchema SCHEMA = ParameterSchema.of("""
            {"type": "object", "additionalProperties": false, "required": ["target"],
             "properties": {
               "epochs": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 20},
               "learningRate": {"type": "number", "exclusiveMinimum": 0, "maximum": 10, "default": 0.1},
               "algorithm": {"type": "string", "enum": ["logistic", "fm"], "default": "logistic"},
               "standardize": {"type": "boolean", "default": true},
               "target": {"type": "string", "minLength": 1, "maxLength": 8}
             }}""");

    @Test
    void modelReferencesAreTheSetModelFormatParameters() {
        ParameterSchema schema = ParameterSchema.of("""
                {"type": "object", "properties": {
                   "backbone": {"type": "string", "format": "modelfleet-model", "maxLength": 200},
                   "teacher": {"type": "string", "format": "modelfleet-model", "default": ""},
                   "name": {"type": "string"}
                 }}""");
        assertEquals(Map.of("backbone", "mobilenet:v1.0"),
                schema.modelReferences(schema.check("{\"backbone\":\" mobilenet:v1.0 \",\"name\":\"x:y\"}")));
        assertEquals(Map.of(), schema.modelReferences(schema.check("{\"name\":\"x:y\"}")));
    }

    @Test
    void fillsInDefaults() {
        assertEquals("{\"target\":\"y\",\"epochs\":20,\"learningRate\":0.1,\"algorithm\":\"logistic\",\"standardize\":true}",
                SCHEMA.validate("{\"target\":\"y\"}"));
        assertEquals("{\"target\":\"y\",\"epochs\":5,\"learningRate\":0.1,\"algorithm\":\"logistic\",\"standardize\":true}",
                SCHEMA.validate("{\"target\":\"y\",\"epochs\":5.0}"));
    }

    @Test
    void everyBadFieldGetsItsOwnMessage() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SCHEMA.validate(
                "{\"epochs\": 0, \"learningRate\": 0, \"algorithm\": \"svm\", \"standardize\": \"yes\", \"extra\": 1}"));
        assertEquals(Map.of("parameters.target", "is required", "parameters.epochs", "must be at least 1",
                "parameters.learningRate", "must be greater than 0",
                "parameters.algorithm", "must be one of logistic, fm",
                "parameters.standardize", "must be true or false",
                "parameters.extra", "is not a parameter of this solution"), e.fields());
    }

    @Test
    void typesAndLengths() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SCHEMA.validate("{\"target\": \"much too long\", \"epochs\": 2.5, \"learningRate\": \"fast\"}"));
        assertEquals(Map.of("parameters.target", "must be at most 8 characters long", "parameters.epochs",
                "must be a whole number", "parameters.learningRate", "must be a number"), e.fields());
    }

    @Test
    void notAnObjectOrNotJson() {
        assertEquals(Map.of("parameters", "must be an object"),
                assertThrows(InvalidInputException.class, () -> SCHEMA.validate("[1]")).fields());
        assertEquals(Map.of("parameters", "not valid JSON"),
                assertThrows(InvalidInputException.class, () -> SCHEMA.validate("{epochs:")).fields());
    }

    @Test
    void anExplicitNullIsALeftOutParameterAndHugeNumbersAreRefused() {
        assertEquals("{\"target\":\"y\",\"epochs\":20,\"learningRate\":0.1,\"algorithm\":\"logistic\",\"standardize\":true}",
                SCHEMA.validate("{\"target\":\"y\",\"epochs\":null}"));
        assertEquals(Map.of("parameters.target", "is required"),
                assertThrows(InvalidInputException.class, () -> SCHEMA.validate("{\"target\":null}")).fields());
        assertEquals(Map.of("parameters.learningRate", "must be a finite number"), assertThrows(InvalidInputException.class,
                () -> SCHEMA.validate("{\"target\":\"y\",\"learningRate\":1e400}")).fields());
    }
}
