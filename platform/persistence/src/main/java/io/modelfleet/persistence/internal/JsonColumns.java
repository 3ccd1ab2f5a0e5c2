package io.modelfleet.persistence.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Values stored as JSON text: result probabilities and an edge's runtime list. */
final class JsonColumns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Double>> PROBABILITIES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    /** Sorted by key, so equal maps are stored as equal text. */
    static String probabilities(Map<String, Double> probabilities) {
        return probabilities == null ? null : write(new TreeMap<>(probabilities));
    }

    static Map<String, Double> probabilities(String json) {
        return json == null ? null : read(json, PROBABILITIES);
    }

    static String strings(List<String> values) {
        return values == null || values.isEmpty() ? null : write(values);
    }

    static List<String> strings(String json) {
        return json == null ? List.of() : read(json, STRINGS);
    }

    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() {
    };
    private static final TypeReference<io.modelfleet.api.model.ModelSignature> SIGNATURE = new TypeReference<>() {
    };

    /** Sorted by key, like probabilities. */
    static String textMap(Map<String, String> values) {
        return values == null || values.isEmpty() ? null : write(new TreeMap<>(values));
    }

    static Map<String, String> textMap(String json) {
        return json == null ? Map.of() : read(json, TEXT_MAP);
    }

    static String signature(io.modelfleet.api.model.ModelSignature signature) {
        return write(signature);
    }

    static io.modelfleet.api.model.ModelSignature signature(String json) {
        return read(json, SIGNATURE);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and numbers always serialize", e);
        }
    }

    private static final TypeReference<io.modelfleet.api.rollout.RolloutPlan> PLAN = new TypeReference<>() {
    };

    static io.modelfleet.api.rollout.RolloutPlan plan(String json) {
        return read(json, PLAN);
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON column holds something that is not JSON: " + json, e);
        }
    }
}
