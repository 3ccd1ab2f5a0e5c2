package io.modelfleet.plugin.solution.anomaly.detection.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainedModel.HeldOutPrediction;
import io.modelfleet.api.spi.solution.TrainingContext;
import io.modelfleet.api.support.training.TrainingOutputs;

/**
 * Anomaly detection on numeric tabular rows: learns normal behaviour as a diagonal Gaussian ({@link DiagonalGaussian})
 * from the rows not labelled as anomalies, sets the score threshold from the expected contamination (or takes an
 * explicit one), and exports an ONNX scorer: input {@value DiagonalGaussian#INPUT} (float [batch, columns], raw
 * values), output {@value DiagonalGaussian#OUTPUT} (float [batch, 1], in [0, 1), higher is more anomalous). A row is
 * an anomaly when its score reaches the threshold, exactly as the edge runtime decides.
 */
@Component(service = SolutionType.class)
public final class AnomalyDetectionSolution implements SolutionType {
    static final String ID = "anomaly-detection";
    static final String ANOMALY = "anomaly";
    static final String NORMAL = "normal";
    static final int MIN_ROWS = 10;
    private static final List<String> METRICS = List.of("f1", "precision", "recall", "anomaly_rate");
    private static final String VERSION = "1.0.0";
    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Anomaly detection", VERSION,
            "Learns the normal range of numeric feature columns (per-feature Gaussian) and scores how far a row is "
                    + "from it; exports an ONNX model with one anomaly score in [0, 1) per row");
    private static final ObjectMapper JSON = new ObjectMapper();

    public AnomalyDetectionSolution() {
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public DatasetKind datasetKind() {
        return DatasetKind.TABULAR;
    }

    @Override
    public String parameterSchema() {
        return Parameters.SCHEMA;
    }

    /** f1, precision and recall only when the held-out split has labelled rows; anomaly_rate always. */
    @Override
    public List<String> metrics() {
        return METRICS;
    }

    @Override
    public String modelFormat() {
        return "onnx";
    }

    @Override
    public TrainedModel train(TabularData data, TrainingContext context) throws Exception {
        Parameters parameters = Parameters.parse(context.parametersJson());
        context.progress(0.0, "reading the dataset");
        NumericRows rows = NumericRows.of(data);
        String anomalyLabel = parameters.anomalyLabel();
        List<Integer> anomalies = new ArrayList<>();
        List<Integer> normal = new ArrayList<>();
        List<Integer> unlabelled = new ArrayList<>();
        for (int i = 0; i < rows.rows().size(); i++) {
            String label = rows.rows().get(i).label();
            (label == null || label.isBlank() ? unlabelled : label.equals(anomalyLabel) ? anomalies : normal).add(i);
        }
        context.log("dataset: " + rows.rows().size() + " rows (" + normal.size() + " labelled normal, "
                + anomalies.size() + " labelled '" + anomalyLabel + "', " + unlabelled.size() + " unlabelled), "
                + rows.columns().size() + " feature columns");
        if (normal.size() + unlabelled.size() < MIN_ROWS) {
            throw new InvalidInputException("the dataset has " + (normal.size() + unlabelled.size())
                    + " rows that are not labelled '" + anomalyLabel + "'; learning normal behaviour needs at least "
                    + MIN_ROWS);
        }
        checkCancelled(context);

        // seeded split of the normal and the unlabelled rows each; known anomalies are never trained on: all held out
        Random random = new Random(context.seed());
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>(anomalies);
        for (List<Integer> group : List.of(normal, unlabelled)) {
            List<Integer> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, random);
            int held = Math.min((int) Math.round(shuffled.size() * parameters.testFraction()),
                    Math.max(shuffled.size() - 1, 0));
            test.addAll(shuffled.subList(0, held));
            train.addAll(shuffled.subList(held, shuffled.size()));
        }
        if (test.isEmpty()) {
            // a small fraction of small groups rounds to nothing: hold out one row, so there is something to report
            test.add(train.remove(train.size() - 1));
        }
        Collections.sort(train);
        Collections.sort(test);
        context.log("split (seed " + context.seed() + "): " + train.size() + " training rows, " + test.size()
                + " held-out rows (" + anomalies.size() + " known anomalies among them)");
        context.progress(0.1, "learning normal behaviour from " + train.size() + " rows");

        DiagonalGaussian model = DiagonalGaussian.fit(rows.values(), train);
        float[] trainingScores = new float[train.size()];
        for (int t = 0; t < train.size(); t++) {
            trainingScores[t] = model.score(rows.values().get(train.get(t)));
            if (t % 10_000 == 9_999) {
                checkCancelled(context);
            }
        }
        Arrays.sort(trainingScores);
        double threshold = parameters.threshold() != null ? parameters.threshold()
                : threshold(trainingScores, parameters.contamination());
        double flaggedInTraining = 0;
        for (float score : trainingScores) {
            flaggedInTraining += score >= threshold ? 1 : 0;
        }
        context.log(String.format(Locale.ROOT, "threshold %s (%s): %.2f%% of training rows reach it", threshold,
                parameters.threshold() != null ? "given" : "contamination " + parameters.contamination(),
                100 * flaggedInTraining / train.size()));
        checkCancelled(context);

        context.progress(0.5, "evaluating on " + test.size() + " held-out rows");
        List<HeldOutPrediction> heldOut = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        long flagged = 0;
        for (int i : test) {
            double score = model.score(rows.values().get(i));
            String predicted = score >= threshold ? ANOMALY : NORMAL;
            String label = rows.rows().get(i).label();
            String truth = label == null || label.isBlank() ? null : label.equals(anomalyLabel) ? ANOMALY : NORMAL;
            flagged += predicted.equals(ANOMALY) ? 1 : 0;
            if (truth != null) {
                boolean isAnomaly = truth.equals(ANOMALY);
                boolean saysAnomaly = predicted.equals(ANOMALY);
                tp += isAnomaly && saysAnomaly ? 1 : 0;
                fp += !isAnomaly && saysAnomaly ? 1 : 0;
                fn += isAnomaly && !saysAnomaly ? 1 : 0;
                tn += !isAnomaly && !saysAnomaly ? 1 : 0;
            }
            heldOut.add(new HeldOutPrediction(rows.rows().get(i).values(), truth, predicted, score));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        boolean labelled = tp + fp + fn + tn > 0;
        if (labelled) {
            double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            metrics.put("f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
            metrics.put("precision", precision);
            metrics.put("recall", recall);
        }
        metrics.put("anomaly_rate", test.isEmpty() ? 0 : (double) flagged / test.size());
        context.log("held-out: " + metrics);
        checkCancelled(context);

        context.progress(0.8, "exporting the ONNX model");
        Path artifact = context.workDirectory().resolve(TrainingOutputs.MODEL);
        Files.write(artifact, model.toOnnx("io.modelfleet.solution." + ID, VERSION).toByteArray());
        Map<String, String> contract = new LinkedHashMap<>();
        contract.put("task", ANOMALY);
        contract.put("threshold", Double.toString(threshold));
        contract.put("labels", NORMAL + "," + ANOMALY);
        contract.put("input", DiagonalGaussian.INPUT);
        contract.put("columns", String.join(",", rows.columns()));
        context.log("exported " + artifact.getFileName() + " (" + Files.size(artifact) + " bytes): input '"
                + DiagonalGaussian.INPUT + "' [batch, " + rows.columns().size() + "] in column order "
                + rows.columns() + ", output '" + DiagonalGaussian.OUTPUT + "' [batch, 1]");

        String report = report(parameters, model, rows.columns(), trainingScores, threshold, train.size(), test.size(),
                labelled ? new long[] {tn, fp, fn, tp} : null, anomalies.size());
        context.progress(1.0, "done");
        return new TrainedModel(artifact, metrics, contract, report, heldOut);
    }

    /**
     * The threshold that round(contamination × n) training scores reach: midway between the lowest of them and the
     * highest of the rest, so no training row sits on it; above every training score for contamination 0.
     */
    static double threshold(float[] sortedScores, double contamination) {
        int n = sortedScores.length;
        int flagged = (int) Math.min(Math.round(contamination * n), n - 1L);
        if (flagged <= 0) {
            return Math.nextUp((double) sortedScores[n - 1]);
        }
        double lowestFlagged = sortedScores[n - flagged];
        double highestKept = sortedScores[n - flagged - 1];
        return lowestFlagged == highestKept ? lowestFlagged : (lowestFlagged + highestKept) / 2;
    }

    private static String report(Parameters parameters, DiagonalGaussian model, List<String> columns,
            float[] sortedScores, double threshold, int trainRows, int testRows, long[] confusion, int knownAnomalies)
            throws JsonProcessingException {
        ObjectNode report = JSON.createObjectNode();
        report.put("algorithm", "diagonal-gaussian");
        report.put("threshold", threshold);
        report.put("thresholdFrom", parameters.threshold() != null ? "parameter" : "contamination");
        report.put("trainRows", trainRows);
        report.put("testRows", testRows);
        report.put("knownAnomalies", knownAnomalies);
        if (confusion != null) {
            ObjectNode confusionNode = report.putObject("confusion");
            confusionNode.putArray("labels").add(NORMAL).add(ANOMALY);
            ArrayNode matrix = confusionNode.putArray("matrix");
            matrix.addArray().add(confusion[0]).add(confusion[1]);
            matrix.addArray().add(confusion[2]).add(confusion[3]);
        }
        ObjectNode scores = report.putObject("trainingScores");
        scores.put("min", sortedScores[0]);
        scores.put("median", sortedScores[sortedScores.length / 2]);
        scores.put("p95", sortedScores[(int) Math.min(sortedScores.length - 1, Math.floor(0.95 * sortedScores.length))]);
        scores.put("max", sortedScores[sortedScores.length - 1]);
        ObjectNode features = report.putObject("features");
        for (int c = 0; c < columns.size(); c++) {
            ObjectNode feature = features.putObject(columns.get(c));
            feature.put("mean", model.mean()[c]);
            feature.put("std", model.std()[c]);
        }
        report.set("parameters", JSON.valueToTree(parameters.asMap()));
        return JSON.writeValueAsString(report);
    }

    private static void checkCancelled(TrainingContext context) {
        if (context.cancelled()) {
            throw new CancellationException("training was cancelled");
        }
    }
}
