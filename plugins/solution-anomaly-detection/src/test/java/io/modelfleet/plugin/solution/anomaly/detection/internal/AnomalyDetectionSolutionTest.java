package io.modelfleet.plugin.solution.anomaly.detection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainedModel.HeldOutPrediction;
import io.modelfleet.testkit.RecordingContext;
import io.modelfleet.plugin.runtime.onnx.internal.OnnxInferenceRuntime;
import io.modelfleet.testkit.SolutionTypeContract;

class AnomalyDetectionSolutionTest extends SolutionTypeContract {
    /** A machine's sensors; the names' sorted order is not the dataset's. */
    private static final List<String> COLUMNS = List.of("vibration", "temperature", "current", "pressure");
    private static final double[] MEAN = {0.5, 65, 12, 3.2};
    private static final double[] STD = {0.1, 4, 1.5, 0.3};
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AnomalyDetectionSolution solution = new AnomalyDetectionSolution();
    @TempDir
    Path temp;

    @Test
    void describesItself() throws Exception {
        assertEquals("anomaly-detection", solution.descriptor().id());
        assertEquals("1.0.0", solution.descriptor().version());
        assertEquals(DatasetKind.TABULAR, solution.datasetKind());
        assertEquals("onnx", solution.modelFormat());
        assertEquals(List.of("f1", "precision", "recall", "anomaly_rate"), solution.metrics());
        JsonNode schema = JSON.readTree(solution.parameterSchema());
        assertFalse(schema.get("additionalProperties").asBoolean());
        assertEquals("anomaly", schema.at("/properties/anomalyLabel/default").asText());
        assertEquals(0.05, schema.at("/properties/contamination/default").asDouble());
    }

    @Test
    void findsTheKnownAnomaliesAndTheEdgeAgreesOnEveryHeldOutRow() throws Exception {
        RecordingContext context = new RecordingContext("{}", 42, dir("labelled"));
        TrainedModel model = solution.train(machine(400, 30, 50, 1), context);

        // all 30 known anomalies and 20% of the 400 normal and 50 unlabelled rows are held out
        assertEquals(30 + 80 + 10, model.heldOut().size());
        assertTrue(model.metrics().get("recall") > 0.9, model.metrics().toString());
        assertTrue(model.metrics().get("precision") > 0.6, model.metrics().toString());
        assertTrue(model.metrics().get("f1") > 0.75, model.metrics().toString());
        assertTrue(model.metrics().get("anomaly_rate") > 0.2 && model.metrics().get("anomaly_rate") < 0.4,
                model.metrics().toString());
        assertEquals("anomaly", model.contract().get("task"));
        assertEquals("normal,anomaly", model.contract().get("labels"));
        assertEquals("features", model.contract().get("input"));
        assertEquals(String.join(",", COLUMNS), model.contract().get("columns"));
        double threshold = Double.parseDouble(model.contract().get("threshold"));
        assertTrue(threshold > 0 && threshold < 1, model.contract().toString());

        JsonNode report = JSON.readTree(model.reportJson());
        assertEquals(360, report.get("trainRows").asInt());
        assertEquals(120, report.get("testRows").asInt());
        assertEquals(threshold, report.get("threshold").asDouble());
        assertEquals(List.of("normal", "anomaly"), JSON.convertValue(report.at("/confusion/labels"), List.class));
        assertEquals(MEAN[1], report.at("/features/temperature/mean").asDouble(), 1.0);

        for (HeldOutPrediction row : model.heldOut()) {
            assertEquals(row.score() >= threshold ? "anomaly" : "normal", row.predicted());
            assertTrue(row.score() >= 0 && row.score() < 1, row.toString());
            assertTrue(row.label() == null || row.label().equals("normal") || row.label().equals("anomaly"));
        }
        assertEquals(30, model.heldOut().stream().filter(row -> "anomaly".equals(row.label())).count());
        assertEquals(10, model.heldOut().stream().filter(row -> row.label() == null).count());
        assertEquals(1.0, context.progress.get(context.progress.size() - 1));
        assertTrue(context.log.stream().anyMatch(line -> line.startsWith("threshold ")), context.log.toString());

        assertEdgeReproduces(model, COLUMNS);
    }

    @Test
    void unlabelledDataTrainsOnEveryRowAndTheThresholdFollowsTheContamination() throws Exception {
        TrainedModel model = solution.train(machine(0, 0, 500, 2),
                new RecordingContext("{\"contamination\": 0.1, \"testFraction\": 0.1}", 3, dir("unlabelled")));
        assertEquals(Map.of("anomaly_rate", model.metrics().get("anomaly_rate")), model.metrics());
        assertEquals(50, model.heldOut().size());
        assertTrue(model.heldOut().stream().allMatch(row -> row.label() == null));
        JsonNode report = JSON.readTree(model.reportJson());
        assertFalse(report.has("confusion"));
        assertEquals("contamination", report.get("thresholdFrom").asText());
        // 10% of the 450 training rows reach the threshold, so about as many held-out rows
        assertTrue(model.metrics().get("anomaly_rate") < 0.25, model.metrics().toString());
        assertEdgeReproduces(model, COLUMNS);
    }

    @Test
    void anExplicitThresholdAndAnotherAnomalyLabelAreUsed() throws Exception {
        List<TabularData.Row> rows = new ArrayList<>();
        for (TabularData.Row row : machine(200, 10, 0, 4).rows()) {
            rows.add(new TabularData.Row(row.values(), row.label().equals("anomaly") ? "broken" : "ok"));
        }
        TrainedModel model = solution.train(new TabularData(COLUMNS, List.of("ok", "broken"), rows),
                new RecordingContext("{\"anomalyLabel\": \"broken\", \"threshold\": 0.75}", 5, dir("explicit")));
        assertEquals("0.75", model.contract().get("threshold"));
        assertEquals(10, model.heldOut().stream().filter(row -> "anomaly".equals(row.label())).count());
        assertTrue(model.metrics().get("recall") > 0.8, model.metrics().toString());
        assertEdgeReproduces(model, COLUMNS);
    }

    @Test
    void theSameSeedGivesTheSameModel() throws Exception {
        TrainedModel first = solution.train(machine(100, 5, 20, 6), new RecordingContext("{}", 9, dir("a")));
        TrainedModel again = solution.train(machine(100, 5, 20, 6), new RecordingContext("{}", 9, dir("b")));
        assertEquals(first.heldOut(), again.heldOut());
        assertEquals(first.metrics(), again.metrics());
        assertEquals(first.contract(), again.contract());
        assertEquals(-1, Files.mismatch(first.artifact(), again.artifact()));
    }

    @Test
    void thresholdIsMidwayBetweenTheFlaggedAndTheKeptTrainingScores() {
        float[] scores = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.95f};
        assertEquals(((double) 0.9f + (double) 0.95f) / 2, AnomalyDetectionSolution.threshold(scores, 0.1));
        assertEquals(((double) 0.8f + (double) 0.9f) / 2, AnomalyDetectionSolution.threshold(scores, 0.2));
        assertTrue(AnomalyDetectionSolution.threshold(scores, 0) > 0.95f);
    }

    @Test
    void aBadCellNamesItsRowAndColumnEvenInAnUnlabelledRow() {
        List<TabularData.Row> rows = new ArrayList<>(machine(50, 0, 0, 7).rows());
        rows.set(12, new TabularData.Row(List.of("0.5", "65", "high", "3.1"), null));
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> solution.train(
                new TabularData(COLUMNS, List.of(), rows), new RecordingContext("{}", 1, temp)));
        assertEquals("row 13, column 'current': 'high' is not a finite number", failure.getMessage());
    }

    @Test
    void aFractionThatRoundsToNothingStillHoldsOutARow() throws Exception {
        TrainedModel model = solution.train(machine(5, 0, 6, 3), new RecordingContext("{\"testFraction\": 0.05}", 1,
                dir("small")));
        assertEquals(1, model.heldOut().size(), "5 x 0.05 and 6 x 0.05 both round to 0");
    }

    @Test
    void tooFewNormalRowsFailClearly() {
        List<TabularData.Row> rows = new ArrayList<>(machine(9, 20, 0, 8).rows());
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> solution.train(
                new TabularData(COLUMNS, List.of(), rows), new RecordingContext("{}", 1, temp)));
        assertEquals("the dataset has 9 rows that are not labelled 'anomaly'; learning normal behaviour needs at "
                + "least 10", failure.getMessage());
    }

    @Test
    void badParametersNameEveryField() {
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> solution.train(
                machine(50, 0, 0, 1), new RecordingContext("{\"anomalyLabel\": \"\", \"contamination\": 0.7,"
                        + " \"threshold\": 2, \"testFraction\": 0, \"k\": 3}", 1, temp)));
        assertEquals(Map.of("parameters.k", "is not a parameter of this solution",
                "parameters.anomalyLabel", "must be at least 1 characters long",
                "parameters.contamination", "must be at most 0.5",
                "parameters.threshold", "must be at most 1",
                "parameters.testFraction", "must be at least 0.05"), failure.fields());
    }

    @Test
    void aCancelledRunStops() throws Exception {
        RecordingContext context = new RecordingContext("{}", 1, dir("cancel"),
                message -> message.startsWith("evaluating"));
        assertThrows(CancellationException.class, () -> solution.train(machine(100, 5, 0, 1), context));
        assertFalse(Files.exists(context.workDirectory().resolve("model.onnx")));
    }

    /** The contract's run: 100 normal rows and 5 anomalies. */
    @Override
    protected Subject contractSubject() {
        return new Subject(solution, context -> solution.train(machine(100, 5, 0, 1), context));
    }

    /** Every held-out row through runtime-onnx by column name: the same score (1e-4) and the same label. */
    static void assertEdgeReproduces(TrainedModel model, List<String> datasetColumns) throws Exception {
        try (LoadedModel loaded = new OnnxInferenceRuntime().load(model.artifact(), model.contract())) {
            assertEquals("features", loaded.signature().inputs().get(0).name());
            assertEquals("score", loaded.signature().outputs().get(0).name());
            for (HeldOutPrediction row : model.heldOut()) {
                Map<String, Object> named = new LinkedHashMap<>();
                for (int c = 0; c < datasetColumns.size(); c++) {
                    named.put(datasetColumns.get(c), Double.parseDouble(row.values().get(c)));
                }
                Prediction prediction = loaded.predict(named);
                assertEquals(row.predicted(), prediction.label(), row.toString());
                assertEquals(row.score(), prediction.score(), 1e-4, row.toString());
            }
        }
    }

    /**
     * Sensor readings: normal rows around MEAN, anomalies with one or two sensors 4-8 standard deviations off,
     * unlabelled rows normal. Labelled rows first, in a seeded mixed order.
     */
    static TabularData machine(int normal, int anomalies, int unlabelled, long seed) {
        Random random = new Random(seed);
        List<TabularData.Row> rows = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < normal; i++) {
            kinds.add("normal");
        }
        for (int i = 0; i < anomalies; i++) {
            kinds.add("anomaly");
        }
        java.util.Collections.shuffle(kinds, random);
        for (int i = 0; i < unlabelled; i++) {
            kinds.add(null);
        }
        for (String kind : kinds) {
            double[] z = new double[COLUMNS.size()];
            for (int c = 0; c < z.length; c++) {
                z[c] = random.nextGaussian();
            }
            if ("anomaly".equals(kind)) {
                int broken = random.nextInt(z.length);
                z[broken] = (random.nextBoolean() ? 1 : -1) * (4 + 4 * random.nextDouble());
                if (random.nextBoolean()) {
                    z[(broken + 1) % z.length] += 3;
                }
            }
            List<String> values = new ArrayList<>();
            for (int c = 0; c < z.length; c++) {
                values.add(String.format(java.util.Locale.ROOT, "%.4f", MEAN[c] + STD[c] * z[c]));
            }
            rows.add(new TabularData.Row(values, kind));
        }
        return new TabularData(COLUMNS, List.of("normal", "anomaly"), rows);
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(temp.resolve(name));
    }
}
