package io.modelfleet.benchmark.edgeload;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultGeneratorTest {

    @Test
    void seqIsUniquePerEdgeAcrossBatches() {
        assertEquals(1, ResultGenerator.seq(0, 100, 0));
        assertEquals(100, ResultGenerator.seq(0, 100, 99));
        assertEquals(101, ResultGenerator.seq(1, 100, 0));
        Set<Long> seen = new HashSet<>();
        Random rnd = new Random(1);
        for (int b = 0; b < 5; b++) {
            for (ResultGenerator.Result r : ResultGenerator.batch(b, 7, rnd)) {
                assertTrue(seen.add(r.seq()), "seq " + r.seq() + " twice");
            }
        }
        assertEquals(35, seen.size());
    }

    @Test
    void resultsAreValidForTheServer() {
        Random rnd = new Random(42);
        for (ResultGenerator.Result r : ResultGenerator.batch(3, 200, rnd)) {
            assertTrue(r.score() >= 0 && r.score() <= 1, "score " + r.score());
            assertTrue(List.of(ResultGenerator.LABELS).contains(r.label()));
            assertEquals(3, r.probabilities().size());
            double sum = r.probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(1.0, sum, 1e-5);
            double max = r.probabilities().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertEquals(max, r.probabilities().get(r.label()), 0.0, "the label is the most probable class");
            assertEquals(max, r.score(), 0.0);
            assertTrue(r.latencyMs() >= 5 && r.latencyMs() <= 50);
        }
    }

    @Test
    void jsonCarriesTheProtocolFields() {
        Map<String, Object> json = ResultGenerator.batchJson(0, 1, new Random(7)).get(0);
        assertEquals(Set.of("seq", "time", "modelVersion", "label", "score", "probabilities", "latencyMs"), json.keySet());
        assertEquals("v1.0", json.get("modelVersion"));
        assertEquals(1L, json.get("seq"));
    }
}
