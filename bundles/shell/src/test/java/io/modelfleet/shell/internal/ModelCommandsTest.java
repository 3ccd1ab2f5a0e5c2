package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.TensorSpec;

class ModelCommandsTest {
    @Test
    void keyValuePairsKeepOrderAndRefuseWhatIsNotAPair() {
        assertEquals(List.of("labels", "source"),
                List.copyOf(Parse.keyValues(Arrays.asList("labels=cat,dog", "source=line=3")).keySet()));
        assertEquals("line=3", Parse.keyValues(List.of("source=line=3")).get("source"), "values may hold '='");
        assertEquals(Map.of(), Parse.keyValues(null));
        assertThrows(InvalidInputException.class, () -> Parse.keyValues(List.of("labels")));
        assertThrows(InvalidInputException.class, () -> Parse.keyValues(List.of("=x")));
    }

    @Test
    void aVersionIsDescribedWithItsSignatureMetadataAndLineage() {
        ModelVersion version = new ModelVersion(7, "defects", "3", "onnx", "ab".repeat(32), 2048,
                new ModelSignature(List.of(new TensorSpec("features", "float", List.of(-1L, 4L))),
                        List.of(new TensorSpec("probabilities", "float", List.of(-1L, 3L)),
                                new TensorSpec("zipmap", "seq(map(int64,float))", List.of()))),
                Map.of("labels", "ok,scratch,dent"), Map.of("accuracy", 0.97), ModelStage.APPROVED,
                new ModelLineage(4L, 11L, 2L, null), Instant.parse("2026-11-23T10:00:00Z"), "alice",
                Instant.parse("2026-11-23T10:00:00Z"), "alice");
        String text = ModelShowCommand.describe(version);
        assertTrue(text.startsWith("defects:3 (id 7)"), text);
        assertTrue(text.contains("input     features float [?, 4]"), text);
        assertTrue(text.contains("output    zipmap seq(map(int64,float))\n"), text);
        assertTrue(text.contains("metadata  labels = ok,scratch,dent"), text);
        assertTrue(text.contains("metric    accuracy = 0.97"), text);
        assertTrue(text.contains("lineage   stream 4, run 11, dataset version 2"), text);
        assertTrue(text.contains("stage     APPROVED"), text);
    }
}
