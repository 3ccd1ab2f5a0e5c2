package io.modelfleet.plugin.solution.anomaly.detection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.testkit.FelixHarness;

/**
 * The plugin on a plain Felix with SCR, the API bundle, Jackson, protobuf-java and the Tribuo wrapper bundle: it
 * imports Tribuo's ONNX builder from the wrapper, embeds none of it, registers its SolutionType and trains inside
 * OSGi.
 */
class FelixDeploymentTest {
    @RegisterExtension
    static final FelixHarness felix = FelixHarness.withScrApiAnd(FelixHarness.TRIBUO);

    @Test
    void importsTribuoFromTheWrapperAndEmbedsNoneOfIt() {
        felix.assertActiveImportingNotEmbedding("org", "org.tribuo.util.onnx <- io.modelfleet.tribuo");
    }

    @Test
    void theSolutionServiceTrainsInsideOsgi() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            csv.append(random.nextGaussian()).append(',').append(random.nextGaussian()).append(",\n");
        }
        csv.append("9,9,anomaly\n");
        Path work = felix.directory("work");
        List<String> log = new ArrayList<>();
        Map<String, Double> metrics = felix.trainTabular(
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), List.of("anomaly"), "{}",
                work, log);
        assertEquals(1.0, metrics.get("recall"), metrics.toString());
        assertTrue(Files.size(work.resolve("model.onnx")) > 0);
        assertTrue(log.stream().anyMatch(line -> line.startsWith("threshold ")), log.toString());
    }
}
