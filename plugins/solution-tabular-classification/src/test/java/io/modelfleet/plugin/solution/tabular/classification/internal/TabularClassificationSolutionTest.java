package io.modelfleet.plugin.solution.tabular.classification.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
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

class TabularClassificationSolutionTest extends SolutionTypeContract {
    private static final List<String> IRIS_COLUMNS = List.of("sepal_length", "sepal_width", "petal_length",
            "petal_width");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TabularClassificationSolution solution = new TabularClassificationSolution();
    @TempDir
    Path temp;

    @Test
    void describesItself() throws Exception {
        assertEquals("tabular-classification", solution.descriptor().id());
        assertEquals("1.0.0", solution.descriptor().version());
        assertEquals(DatasetKind.TABULAR, solution.datasetKind());
        assertEquals("onnx", solution.modelFormat());
        assertEquals(List.of("accuracy", "macro_f1", "macro_precision", "macro_recall"), solution.metrics());
        JsonNode schema = JSON.readTree(solution.parameterSchema());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        assertFalse(schema.get("additionalProperties").asBoolean());
        schema.get("properties").fields().forEachRemaining(property -> assertTrue(property.getValue().has("default"),
                property.getKey()));
    }

    @Test
    void irisLogisticRegressionIsAccurateAndTheEdgeReproducesEveryHeldOutPrediction() throws Exception {
        RecordingContext context = new RecordingContext("{}", 42, dir("lr"));
        TrainedModel model = solution.train(iris(), context);

        assertTrue(model.metrics().get("accuracy") > 0.85, model.metrics().toString());
        assertTrue(model.metrics().get("macro_f1") > 0.85, model.metrics().toString());
        for (String label : List.of("setosa", "versicolor", "virginica")) {
            for (String metric : List.of("precision.", "recall.", "f1.")) {
                assertTrue(model.metrics().containsKey(metric + label), metric + label);
            }
        }
        assertEquals(4 + 9, model.metrics().size());
        assertEquals("classification", model.contract().get("task"));
        assertEquals("features", model.contract().get("input"));
        assertEquals(String.join(",", IRIS_COLUMNS), model.contract().get("columns"));
        assertEquals(List.of("setosa", "versicolor", "virginica"),
                List.of(model.contract().get("labels").split(",")).stream().sorted().toList());
        assertEquals(context.workDirectory().resolve("model.onnx"), model.artifact());

        // stratified: 10 of each class's 50 rows held out
        assertEquals(30, model.heldOut().size());
        JsonNode report = JSON.readTree(model.reportJson());
        assertEquals(120, report.get("trainRows").asInt());
        assertEquals(30, report.get("testRows").asInt());
        assertEquals("logistic-regression", report.get("algorithm").asText());
        assertEquals(List.of(model.contract().get("labels").split(",")),
                JSON.convertValue(report.at("/confusion/labels"), List.class));
        long diagonal = 0;
        for (int i = 0; i < 3; i++) {
            diagonal += report.at("/confusion/matrix/" + i + "/" + i).asLong();
            assertEquals(10, report.at("/classes/" + report.at("/confusion/labels/" + i).asText() + "/support")
                    .asInt());
        }
        assertEquals(model.metrics().get("accuracy"), diagonal / 30.0, 1e-12);
        long correct = model.heldOut().stream().filter(row -> row.label().equals(row.predicted())).count();
        assertEquals(diagonal, correct);

        assertEquals(1.0, context.progress.get(context.progress.size() - 1));
        String lastEpoch = context.log.stream().filter(line -> line.startsWith("epoch 50/50: mean cross-entropy "))
                .findFirst().orElseThrow();
        double crossEntropy = Double.parseDouble(lastEpoch.substring(lastEpoch.lastIndexOf(' ') + 1));
        assertTrue(crossEntropy > 0 && crossEntropy < 0.3, lastEpoch);
        assertEquals(crossEntropy, report.get("trainingCrossEntropy").asDouble(), 1e-6);
        assertTrue(context.messages.contains("training: epoch 1 of 50"), context.messages.toString());
        assertTrue(context.log.stream().anyMatch(line -> line.startsWith("tribuo: Training SGD model with 120 examples")),
                context.log.toString());

        assertEdgeReproduces(model, IRIS_COLUMNS);
    }

    @Test
    void factorizationMachineWithoutStandardizationAlsoExportsFaithfully() throws Exception {
        TrainedModel model = solution.train(iris(), new RecordingContext(
                "{\"algorithm\": \"factorization-machine\", \"standardize\": false, \"epochs\": 40,"
                        + " \"learningRate\": 0.1, \"factors\": 3, \"testFraction\": 0.3}", 7, dir("fm")));
        assertTrue(model.metrics().get("accuracy") > 0.8, model.metrics().toString());
        assertEquals(45, model.heldOut().size());
        assertEquals("factorization-machine", JSON.readTree(model.reportJson()).get("algorithm").asText());
        assertEdgeReproduces(model, IRIS_COLUMNS);
    }

    @Test
    void adamAndMinibatchesWork() throws Exception {
        TrainedModel model = solution.train(iris(), new RecordingContext(
                "{\"optimizer\": \"adam\", \"learningRate\": 0.05, \"minibatchSize\": 8, \"epochs\": 60}", 3,
                dir("adam")));
        assertTrue(model.metrics().get("accuracy") > 0.85, model.metrics().toString());
        assertEdgeReproduces(model, IRIS_COLUMNS);
    }

    @Test
    void theSameSeedGivesTheSameModelAndAnotherSeedAnotherSplit() throws Exception {
        TrainedModel first = solution.train(iris(), new RecordingContext("{}", 11, dir("a")));
        TrainedModel again = solution.train(iris(), new RecordingContext("{}", 11, dir("b")));
        TrainedModel other = solution.train(iris(), new RecordingContext("{}", 12, dir("c")));
        assertEquals(first.heldOut(), again.heldOut());
        assertEquals(first.metrics(), again.metrics());
        assertEquals(first.contract(), again.contract());
        assertNotEquals(first.heldOut().stream().map(HeldOutPrediction::values).toList(),
                other.heldOut().stream().map(HeldOutPrediction::values).toList());
    }

    @Test
    void manyColumnsKeepTheirDatasetOrderInTheInputTensor() throws Exception {
        // 12 columns with names whose sorted order is not the dataset's; one class depends on "b_col"
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            columns.add((char) ('z' - c) + "_col" + (c == 10 ? "" : c));
        }
        Random random = new Random(5);
        List<TabularData.Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            List<String> values = new ArrayList<>();
            for (int c = 0; c < 12; c++) {
                values.add(Double.toString(random.nextGaussian() * (c + 1) + c * 10));
            }
            double signal = Double.parseDouble(values.get(10)) - 100;
            rows.add(new TabularData.Row(values, signal > 0 ? "high" : "low"));
        }
        TrainedModel model = solution.train(new TabularData(columns, List.of("low", "high"), rows),
                new RecordingContext("{\"epochs\": 30}", 1, dir("wide")));
        assertEquals(String.join(",", columns), model.contract().get("columns"));
        assertTrue(model.metrics().get("accuracy") > 0.9, model.metrics().toString());
        assertEdgeReproduces(model, columns);
    }

    @Test
    void unlabelledRowsAreSkippedEvenWithBadCells() throws Exception {
        List<TabularData.Row> rows = new ArrayList<>(iris().rows());
        rows.add(new TabularData.Row(List.of("not", "a", "number", "!"), null));
        rows.add(3, new TabularData.Row(List.of("1", "2", "3", "4"), null));
        TrainedModel model = solution.train(new TabularData(IRIS_COLUMNS, List.of(), rows),
                new RecordingContext("{}", 42, dir("unlabelled")));
        assertEquals(30, model.heldOut().size());
    }

    @Test
    void aBadCellNamesItsRowAndColumn() throws Exception {
        List<TabularData.Row> rows = new ArrayList<>(iris().rows());
        rows.set(6, new TabularData.Row(List.of("4.6", "3.4", "1.4", "0,3"), "setosa"));
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> solution.train(
                new TabularData(IRIS_COLUMNS, List.of(), rows), new RecordingContext("{}", 1, dir("bad"))));
        assertEquals("row 7, column 'petal_width': '0,3' is not a finite number", failure.getMessage());

        rows.set(6, new TabularData.Row(List.of("4.6", "", "1.4", "0.3"), "setosa"));
        failure = assertThrows(InvalidInputException.class, () -> solution.train(
                new TabularData(IRIS_COLUMNS, List.of(), rows), new RecordingContext("{}", 1, dir("empty"))));
        assertTrue(failure.getMessage().startsWith("row 7, column 'sepal_width' is empty"), failure.getMessage());

        rows.set(6, new TabularData.Row(List.of("4.6", "NaN", "1.4", "0.3"), "setosa"));
        failure = assertThrows(InvalidInputException.class, () -> solution.train(
                new TabularData(IRIS_COLUMNS, List.of(), rows), new RecordingContext("{}", 1, dir("nan"))));
        assertEquals("row 7, column 'sepal_width': 'NaN' is not a finite number", failure.getMessage());
    }

    @Test
    void tooFewRowsOrASingleClassFailClearly() throws Exception {
        List<TabularData.Row> nine = iris().rows().subList(45, 54);
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> solution.train(
                new TabularData(IRIS_COLUMNS, List.of(), nine), new RecordingContext("{}", 1, dir("nine"))));
        assertEquals("the dataset has 9 labelled rows; training needs at least 10", failure.getMessage());

        List<TabularData.Row> setosa = iris().rows().subList(0, 50);
        failure = assertThrows(InvalidInputException.class, () -> solution.train(
                new TabularData(IRIS_COLUMNS, List.of(), setosa), new RecordingContext("{}", 1, dir("one"))));
        assertTrue(failure.getMessage().contains("at least two classes"), failure.getMessage());
    }

    @Test
    void badParametersNameEveryField() {
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> solution.train(iris(),
                new RecordingContext("{\"algorithm\": \"svm\", \"epochs\": 0, \"learningRate\": 0,"
                        + " \"testFraction\": 0.9, \"standardize\": \"yes\", \"minibatchSize\": 2.5, \"bogus\": 1}", 1,
                        temp)));
        assertEquals(Map.of("parameters.bogus", "is not a parameter of this solution",
                "parameters.algorithm", "must be one of logistic-regression, factorization-machine",
                "parameters.epochs", "must be at least 1",
                "parameters.learningRate", "must be greater than 0",
                "parameters.testFraction", "must be at most 0.5",
                "parameters.standardize", "must be true or false",
                "parameters.minibatchSize", "must be a whole number"), failure.fields());
        assertTrue(failure.getMessage().startsWith("invalid training parameters: ") && failure.getMessage().contains("bogus is not a parameter"),
                failure.getMessage());
        assertThrows(InvalidInputException.class,
                () -> solution.train(iris(), new RecordingContext("[1]", 1, temp)));
        assertThrows(InvalidInputException.class,
                () -> solution.train(iris(), new RecordingContext("{nope", 1, temp)));
    }

    @Test
    void cancellingStopsTheTrainingBetweenEpochs() throws Exception {
        RecordingContext context = new RecordingContext("{\"epochs\": 1000}", 1, dir("cancel"),
                message -> message.equals("training: epoch 3 of 1000"));
        CancellationException failure = assertThrows(CancellationException.class,
                () -> solution.train(iris(), context));
        assertEquals("training was cancelled after epoch 3 of 1000", failure.getMessage());
        assertFalse(Files.exists(context.workDirectory().resolve("model.onnx")));

        // the trainer's logger is left as it was: a later run follows its own epochs only
        RecordingContext later = new RecordingContext("{\"epochs\": 2}", 1, dir("later"));
        solution.train(iris(), later);
        assertEquals(2, later.log.stream().filter(line -> line.startsWith("epoch ")).count());

        RecordingContext atOnce = new RecordingContext("{}", 1, dir("at-once"), message -> true);
        assertThrows(CancellationException.class, () -> solution.train(iris(), atOnce));
    }

    /**
     * Runs every held-out row through runtime-onnx, the edge's own code path, by column name and as the tensor the
     * contract describes: the label is the trainer's, the score its probability within 1e-4. Held-out values come in
     * the dataset's column order; the tensor takes the contract's.
     */
    static void assertEdgeReproduces(TrainedModel model, List<String> datasetColumns) throws Exception {
        List<String> columns = List.of(model.contract().get("columns").split(","));
        List<String> labels = List.of(model.contract().get("labels").split(","));
        try (LoadedModel loaded = new OnnxInferenceRuntime().load(model.artifact(), model.contract())) {
            assertEquals("features", loaded.signature().inputs().get(0).name());
            assertEquals("probabilities", loaded.signature().outputs().get(0).name());
            for (HeldOutPrediction row : model.heldOut()) {
                Map<String, Object> named = new LinkedHashMap<>();
                for (int c = 0; c < datasetColumns.size(); c++) {
                    named.put(datasetColumns.get(c), Double.parseDouble(row.values().get(c)));
                }
                Prediction byName = loaded.predict(named);
                assertEquals(row.predicted(), byName.label(), row.toString());
                assertEquals(row.score(), byName.score(), 1e-4, row.toString());

                List<Object> tensorRow = new ArrayList<>();
                columns.forEach(column -> tensorRow.add(named.get(column)));
                Prediction byTensor = loaded.predict(Map.of("features", List.of(tensorRow)));
                List<?> probabilities = (List<?>) ((List<?>) byTensor.outputs().get("probabilities")).get(0);
                int best = 0;
                for (int k = 1; k < probabilities.size(); k++) {
                    if (((Number) probabilities.get(k)).doubleValue()
                            > ((Number) probabilities.get(best)).doubleValue()) {
                        best = k;
                    }
                }
                assertEquals(row.predicted(), labels.get(best), row.toString());
                assertEquals(row.score(), ((Number) probabilities.get(best)).doubleValue(), 1e-4, row.toString());
            }
        }
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(temp.resolve(name));
    }

    /** The contract's run: iris, 5 epochs. */
    @Override
    protected Subject contractSubject() {
        return new Subject(solution, context -> solution.train(iris(), context), "{\"epochs\": 5}");
    }

    static TabularData iris() throws IOException {
        try (InputStream in = TabularClassificationSolutionTest.class.getResourceAsStream("/iris.csv")) {
            return TabularData.readCsv(in, List.of("setosa", "versicolor", "virginica"));
        }
    }
}
