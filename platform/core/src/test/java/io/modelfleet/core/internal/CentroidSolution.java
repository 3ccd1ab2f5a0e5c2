package io.modelfleet.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainingContext;

/**
 * A nearest-centroid classifier in the "test" model format, so the coordinator is tested without the ONNX plugins.
 * {@code holdMillis} keeps it training (checking for cancellation) for restart and cancel tests.
 */
final class CentroidSolution implements SolutionType {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("centroid", "Nearest centroid (tests)", "1.2.0", null);
    }

    @Override
    public DatasetKind datasetKind() {
        return DatasetKind.TABULAR;
    }

    @Override
    public String parameterSchema() {
        return """
                {"type": "object", "additionalProperties": false, "properties": {
                  "testFraction": {"type": "number", "minimum": 0.1, "maximum": 0.5, "default": 0.25},
                  "holdMillis": {"type": "integer", "minimum": 0, "maximum": 600000, "default": 0},
                  "initialModel": {"type": "string", "format": "modelfleet-model"}}}""";
    }

    @Override
    public List<String> metrics() {
        return List.of("accuracy");
    }

    @Override
    public String modelFormat() {
        return "test";
    }

    @Override
    public TrainedModel train(TabularData data, TrainingContext context) throws Exception {
        JsonNode parameters = JSON.readTree(context.parametersJson());
        long hold = parameters.path("holdMillis").asLong();
        for (long waited = 0; waited < hold; waited += 20) {
            if (context.cancelled()) {
                throw new CancellationException();
            }
            context.progress(0.5 * waited / hold, "holding");
            Thread.sleep(20);
        }
        List<TabularData.Row> rows = new ArrayList<>(data.rows());
        java.util.Collections.shuffle(rows, new Random(context.seed()));
        int test = (int) Math.max(1, rows.size() * parameters.path("testFraction").asDouble());
        if (rows.size() - test < 2) {
            throw new InvalidInputException("too few rows: " + rows.size());
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TabularData.Row row : rows.subList(test, rows.size())) {
            double[] sum = sums.computeIfAbsent(row.label(), k -> new double[data.columns().size()]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += Double.parseDouble(row.values().get(i));
            }
            counts.merge(row.label(), 1, Integer::sum);
        }
        sums.forEach((label, sum) -> {
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= counts.get(label);
            }
        });
        context.log("centroids of " + sums.keySet());
        List<TrainedModel.HeldOutPrediction> heldOut = new ArrayList<>();
        int correct = 0;
        for (TabularData.Row row : rows.subList(0, test)) {
            String best = null;
            double bestDistance = Double.MAX_VALUE;
            for (Map.Entry<String, double[]> centroid : sums.entrySet()) {
                double distance = 0;
                for (int i = 0; i < centroid.getValue().length; i++) {
                    double d = Double.parseDouble(row.values().get(i)) - centroid.getValue()[i];
                    distance += d * d;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = centroid.getKey();
                }
            }
            correct += best.equals(row.label()) ? 1 : 0;
            heldOut.add(new TrainedModel.HeldOutPrediction(row.values(), row.label(), best, 1 / (1 + bestDistance)));
        }
        Map<String, String> contract = new LinkedHashMap<>(Map.of("task", "classification", "labels",
                String.join(",", sums.keySet())));
        // a model the parameters name: its file and metadata as training sees them
        context.inputModel("initialModel").ifPresent(initial -> {
            try {
                contract.put("initialModel", initial.reference() + " " + Files.readString(initial.file()) + " "
                        + initial.metadata());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path model = Files.writeString(context.workDirectory().resolve("model.test"), "TESTMODEL " + sums.keySet());
        double accuracy = (double) correct / test;
        return new TrainedModel(model, Map.of("accuracy", accuracy, "recall.ok", 1.0),
                contract, "{\"testRows\": " + test + "}", heldOut);
    }
}
