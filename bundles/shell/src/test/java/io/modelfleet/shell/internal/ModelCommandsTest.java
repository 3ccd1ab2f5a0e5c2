package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.AssignRequest;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.TensorSpec;

class ModelCommandsTest {
    @RegisterExtension
    final ShellConsole console = new ShellConsole();

    private final List<AssignRequest> assigned = new ArrayList<>();

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
        String text = ModelShowCommand.describe(version());
        assertTrue(text.startsWith("defects:3 (id 7)"), text);
        assertTrue(text.contains("input     features float [?, 4]"), text);
        assertTrue(text.contains("output    zipmap seq(map(int64,float))\n"), text);
        assertTrue(text.contains("metadata  labels = ok,scratch,dent"), text);
        assertTrue(text.contains("metric    accuracy = 0.97"), text);
        assertTrue(text.contains("lineage   stream 4, run 11, dataset version 2"), text);
        assertTrue(text.contains("stage     APPROVED"), text);
    }

    /** The README's {@code fleet:model-assign defects:3 --tag line=3}: the tag line with the value 3. */
    @ParameterizedTest
    @CsvSource({ "line=3, line, 3", "line:3, line, 3", "outdoor, outdoor,",
            "url=http://x:8080/?a=b, url, http://x:8080/?a=b" })
    void assignByTagTakesKeyOrKeyEqualsValue(String tag, String key, String value) throws Exception {
        console.run(assign(), "--tag", tag, "defects:3");
        assertEquals("", console.err());
        assertEquals(List.of(new AssignRequest(7, List.of(), key, value)), assigned);
        assertTrue(console.out().contains("defects:3 assigned to 0 edge(s)"), console.out());
    }

    @Test
    void assignRefusesATagWithoutKey() throws Exception {
        console.run(assign(), "--tag", "=3", "defects:3");
        assertEquals(List.of("Error: tag must look like key or key=value (key:value also works), such as site=berlin; "
                + "was '=3'"), console.errors());
        assertEquals(List.of(), assigned);
    }

    private ModelAssignCommand assign() {
        ModelAssignCommand command = new ModelAssignCommand();
        command.models = (ModelRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ModelRegistry.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "findVersion" -> version();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        command.deployments = (DeploymentService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { DeploymentService.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "assign" -> {
                        assigned.add((AssignRequest) args[0]);
                        yield List.of();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return command;
    }

    private static ModelVersion version() {
        return new ModelVersion(7, "defects", "3", "onnx", "ab".repeat(32), 2048,
                new ModelSignature(List.of(new TensorSpec("features", "float", List.of(-1L, 4L))),
                        List.of(new TensorSpec("probabilities", "float", List.of(-1L, 3L)),
                                new TensorSpec("zipmap", "seq(map(int64,float))", List.of()))),
                Map.of("labels", "ok,scratch,dent"), Map.of("accuracy", 0.97), ModelStage.APPROVED,
                new ModelLineage(4L, 11L, 2L, null), Instant.parse("2026-11-23T10:00:00Z"), "alice",
                Instant.parse("2026-11-23T10:00:00Z"), "alice");
    }

    @Test
    void driftShowsEachMeasureAndWhatDrifted() {
        java.time.Instant from = java.time.Instant.parse("2026-12-06T11:00:00Z");
        io.modelfleet.api.model.DriftReport report = new io.modelfleet.api.model.DriftReport(7, "wear:1", 3L, from,
                from.plusSeconds(3600), null, null, 2000, 400, 100, true, 1.42, List.of(
                        new io.modelfleet.api.model.DriftMeasure("label", "chi-square", 0.004, 1.2, 0.55, false, List.of()),
                        new io.modelfleet.api.model.DriftMeasure("temperature", "kolmogorov-smirnov", 1.42, 0.61, 1e-40,
                                true, List.of())));
        String text = ModelDriftCommand.describe(report);
        assertTrue(text.startsWith("wear:1: DRIFTED (400 samples from "), text);
        assertTrue(text.contains("against 2000 items of dataset version 3"), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("temperature") && l.contains("1.420") && l.endsWith("yes")), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("label") && l.contains("chi-square") && l.endsWith("no")), text);

        String empty = ModelDriftCommand.describe(new io.modelfleet.api.model.DriftReport(7, "wear:1", 3L, from,
                from.plusSeconds(3600), "line", "a", 2000, 12, 100, false, 0, List.of()));
        assertTrue(empty.contains("no drift (12 samples") && empty.contains("on edges line=a"), empty);
        assertTrue(empty.contains("nothing compared: at least 100 samples are needed"), empty);
    }
}
