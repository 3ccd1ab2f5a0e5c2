package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.persistence.RolloutCandidate;

class CompatibilityTest {

    private static ModelVersion model(Map<String, String> metadata) {
        return new ModelVersion(1, "detector", "3", "onnx", "ab".repeat(32), 1000, null, metadata, Map.of(),
                ModelStage.APPROVED, ModelLineage.NONE, Instant.EPOCH, "alice", Instant.EPOCH, "alice");
    }

    private static RolloutCandidate edge(String arch, Long memory, String gpu, String agentVersion, List<String> runtimes) {
        return new RolloutCandidate(7, "cam-7", "APPROVED", "edge-agent", arch, memory, gpu, agentVersion, runtimes);
    }

    @Test
    void aRuntimeForTheFormatIsNeededOnceTheEdgeReportedItsRuntimes() {
        ModelVersion onnx = model(Map.of());
        assertEquals(Optional.empty(), Compatibility.problem(edge(null, null, null, null, List.of("onnx:onnxruntime-1.23.2")), onnx));
        assertEquals(Optional.empty(), Compatibility.problem(edge(null, null, null, null, List.of("onnx")), onnx));
        assertEquals(Optional.empty(), Compatibility.problem(edge(null, null, null, null, List.of()), onnx),
                "an edge that reported nothing is not held to it");
        assertEquals(Optional.of("no runtime for format onnx (the edge has tflite:tflite-2.16)"),
                Compatibility.problem(edge(null, null, null, null, List.of("tflite:tflite-2.16")), onnx));
    }

    @Test
    void architecturesCompareByTheirCommonNames() {
        ModelVersion arm = model(Map.of(Compatibility.ARCH, "aarch64, armv7l"));
        assertEquals(Optional.empty(), Compatibility.problem(edge("arm64", null, null, null, List.of()), arm));
        assertEquals(Optional.empty(), Compatibility.problem(edge("ARMV7L", null, null, null, List.of()), arm));
        assertEquals(Optional.of("needs architecture aarch64, armv7l, the edge is amd64"),
                Compatibility.problem(edge("amd64", null, null, null, List.of()), arm));
        assertEquals(Optional.empty(), Compatibility.problem(edge("x86-64", null, null, null, List.of()),
                model(Map.of(Compatibility.ARCH, "x86_64"))));
    }

    @Test
    void acceleratorAndAgentVersionAndEveryProblemAtOnce() {
        ModelVersion needs = model(Map.of(Compatibility.ACCELERATOR, "cuda", Compatibility.AGENT_VERSION, "0.2.0",
                Compatibility.MEMORY, Long.toString(512L << 20)));
        assertEquals(Optional.empty(), Compatibility.problem(
                edge(null, 1L << 30, "NVIDIA Jetson Orin (CUDA 12.2)", "0.2.1-SNAPSHOT", List.of()), needs));
        String problems = Compatibility.problem(edge(null, 256L << 20, null, "0.1.9", List.of()), needs).orElseThrow();
        assertTrue(problems.contains("needs 512 MiB of memory, the edge has 256 MiB"), problems);
        assertTrue(problems.contains("needs a cuda accelerator, the edge reports none"), problems);
        assertTrue(problems.contains("needs agent 0.2.0 or newer, the edge runs 0.1.9"), problems);
        assertEquals(Optional.empty(), Compatibility.problem(edge(null, null, "Mali-G610", null, List.of()),
                model(Map.of(Compatibility.ACCELERATOR, "any"))));
    }

    @Test
    void versionsCompareNumericallyAndQualifiersAreIgnored() {
        assertTrue(Compatibility.compareVersions("0.10.0", "0.9.3") > 0);
        assertEquals(0, Compatibility.compareVersions("1.2", "1.2.0-SNAPSHOT"));
        assertTrue(Compatibility.compareVersions("1.2.0", "1.3") < 0);
    }

    @Test
    void aMalformedMemoryRequirementIsRefusedWhenTheRolloutIsPlanned() {
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> Compatibility.checkRequirements(model(Map.of(Compatibility.MEMORY, "2 GB"))));
        assertEquals("model detector:3 has metadata requires.memoryBytes='2 GB'; it must be a number of bytes",
                refused.getMessage());
    }
}
