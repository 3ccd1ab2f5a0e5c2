package io.modelfleet.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SamplePolicyTest {

    @Test
    void eachModeSamplesWhatItSays() {
        Random random = new Random(7);
        assertFalse(SamplePolicy.of("off", 0.6, 0.5, 100).wants(0.1, random));
        assertTrue(SamplePolicy.of("all", 0.6, 0.5, 100).wants(0.99, random));
        SamplePolicy low = SamplePolicy.of("low-confidence", 0.6, 0.5, 100);
        assertTrue(low.wants(0.59, random));
        assertFalse(low.wants(0.6, random));
        assertTrue(low.wants(null, random), "no score: nothing vouches for the prediction");
        SamplePolicy rate = SamplePolicy.of("rate", 0.6, 0.25, 100);
        int sampled = 0;
        for (int i = 0; i < 10_000; i++) {
            sampled += rate.wants(0.9, random) ? 1 : 0;
        }
        assertEquals(2500, sampled, 150);
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SamplePolicy.of("most", 0.5, 0.5, 1))
                .getMessage().contains("sampleMode must be off, all, low-confidence or rate"));
        assertThrows(IllegalArgumentException.class, () -> SamplePolicy.of("rate", 0.5, 1.5, 1));
    }

    @Test
    void aModelTrainedByAStreamBringsTheStreamsConfidenceThreshold() {
        java.util.Random random = new java.util.Random(1);
        SamplePolicy low = SamplePolicy.of("low-confidence", 0.6, 0.5, 100);
        assertFalse(low.wants(0.7, random));
        assertTrue(low.forModel(java.util.Map.of("confidenceThreshold", "0.8")).wants(0.7, random));
        assertFalse(low.forModel(java.util.Map.of("confidenceThreshold", "0.5")).wants(0.55, random));
        assertFalse(low.forModel(java.util.Map.of("confidenceThreshold", "lots")).wants(0.65, random), "unusable: the agent's own");
        assertFalse(low.forModel(java.util.Map.of("confidenceThreshold", "7")).wants(0.65, random), "out of range: the agent's own");
        assertTrue(low.forModel(null) == low, "no metadata: the same policy");
        SamplePolicy all = SamplePolicy.of("all", 0.6, 0.5, 100);
        assertTrue(all.forModel(java.util.Map.of("confidenceThreshold", "0.1")) == all, "only low-confidence uses it");
    }
}
