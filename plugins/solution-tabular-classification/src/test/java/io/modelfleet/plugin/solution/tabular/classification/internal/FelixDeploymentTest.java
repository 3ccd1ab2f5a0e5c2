package io.modelfleet.plugin.solution.tabular.classification.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.testkit.FelixHarness;

/**
 * The plugin on a plain Felix with SCR, the API bundle, Jackson, protobuf-java and the Tribuo wrapper bundle: it
 * imports Tribuo from the wrapper, embeds none of it, registers its SolutionType and trains iris inside OSGi.
 */
class FelixDeploymentTest {
    @RegisterExtension
    static final FelixHarness felix = FelixHarness.withScrApiAnd(FelixHarness.TRIBUO);

    @Test
    void importsTribuoAndItsOnnxBuilderFromTheWrapperAndEmbedsNoneOfIt() {
        felix.assertActiveImportingNotEmbedding("org", "org.tribuo <- io.modelfleet.tribuo",
                "org.tribuo.util.onnx <- io.modelfleet.tribuo");
    }

    @Test
    void theSolutionServiceTrainsIrisInsideOsgi() throws Exception {
        Path work = felix.directory("work");
        List<String> log = new ArrayList<>();
        Map<String, Double> metrics;
        try (InputStream in = FelixDeploymentTest.class.getResourceAsStream("/iris.csv")) {
            metrics = felix.trainTabular(in, List.of("setosa", "versicolor", "virginica"), "{\"epochs\": 20}", work,
                    log);
        }
        assertTrue(metrics.get("accuracy") > 0.85, metrics.toString());
        assertTrue(Files.size(work.resolve("model.onnx")) > 0);
        assertTrue(log.stream().anyMatch(line -> line.startsWith("epoch 20/20: mean cross-entropy ")), log.toString());
    }
}
