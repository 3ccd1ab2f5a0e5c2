package io.modelfleet.plugin.solution.tabular.classification.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.osgi.service.component.annotations.Component;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.onnx.proto.OnnxMl;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.ClassificationMetrics;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.solution.HeldOutEvaluation;
import io.modelfleet.api.spi.solution.HeldOutSplit;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainingContext;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.tribuo.sgd.SgdClassifier;
import io.modelfleet.tribuo.sgd.SgdEpochs;

/**
 * Multiclass classification of numeric tabular rows with Tribuo's SGD classifiers (logistic regression or a
 * factorization machine), evaluated on a stratified held-out split and exported to ONNX: input {@value #INPUT}
 * (float [batch, columns], raw values; standardisation is inside the graph), output {@value #OUTPUT} (float [batch,
 * classes], softmax probabilities in the order of the contract's {@code labels}).
 */
@Component(service = SolutionType.class)
public final class TabularClassificationSolution implements SolutionType {
    static final String ID = "tabular-classification";
    static final String INPUT = "features";
    static final String OUTPUT = "probabilities";
    static final int MIN_ROWS = 10;
    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Tabular classification", "1.0.0",
            "Learns to tell classes apart from numeric feature columns (Tribuo logistic regression or factorization "
                    + "machine); exports an ONNX model with softmax probabilities per class");
    private static final ObjectMapper JSON = new ObjectMapper();

    public TabularClassificationSolution() {
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

    @Override
    public List<String> metrics() {
        return ClassificationMetrics.HEADLINE;
    }

    @Override
    public String modelFormat() {
        return "onnx";
    }

    @Override
    public TrainedModel train(TabularData data, TrainingContext context) throws Exception {
        Parameters parameters = Parameters.parse(context.parametersJson());
        context.progress(0.0, "reading the dataset");
        NumericRows rows = NumericRows.labelled(data);
        Set<String> classes = new LinkedHashSet<>(rows.labels());
        context.log("dataset: " + data.rows().size() + " rows, " + rows.size() + " labelled, " + rows.columns().size()
                + " feature columns, " + classes.size() + " classes");
        if (rows.size() < MIN_ROWS) {
            throw new InvalidInputException("the dataset has " + rows.size() + " labelled rows; training needs at "
                    + "least " + MIN_ROWS);
        }
        if (classes.size() < 2) {
            throw new InvalidInputException("every labelled row has the label '" + rows.labels().get(0)
                    + "': a classifier needs at least two classes");
        }
        checkCancelled(context);

        HeldOutSplit split = HeldOutSplit.stratified(rows.labels(), parameters.testFraction(), context.seed());
        context.log("split (seed " + context.seed() + "): " + split.train().size() + " training rows, "
                + split.test().size() + " held-out rows");
        context.progress(0.05, "split " + split.train().size() + " training / " + split.test().size() + " held-out");
        int columnCount = rows.columns().size();
        Standardization scaling = parameters.standardize() ? Standardization.fit(rows.values(), split.train())
                : Standardization.identity(columnCount);

        // Feature names Tribuo sorts into the order the dataset has: f00, f01, ... (the ONNX input order is checked
        // against Tribuo's feature map below all the same)
        String[] names = new String[columnCount];
        int width = Integer.toString(columnCount - 1).length();
        for (int c = 0; c < columnCount; c++) {
            names[c] = String.format(Locale.ROOT, "f%0" + width + "d", c);
        }
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> training = new MutableDataset<>(
                new SimpleDataSourceProvenance("ModelFleet training split", labels), labels);
        for (int i : split.train()) {
            training.add(new ArrayExample<>(new Label(rows.labels().get(i)), names,
                    scaling.apply(rows.values().get(i))));
        }
        checkCancelled(context);

        SgdClassifier classifier = parameters.classifier();
        int stepsPerEpoch = classifier.stepsPerEpoch(split.train().size());
        Trainer<Label> trainer = classifier.trainer(stepsPerEpoch, context.seed());
        context.log("training " + classifier.algorithm() + " (" + classifier.optimizer() + ", learning rate "
                + classifier.learningRate() + ", " + classifier.epochs() + " epochs, minibatch "
                + classifier.minibatchSize() + (parameters.standardize() ? ", standardized" : "") + ")");
        Model<Label> model;
        double finalLoss;
        try (SgdEpochs epochs = new SgdEpochs(context, classifier.epochs(), stepsPerEpoch, split.train().size(), 0.1,
                0.85)) {
            model = trainer.train(training);
            finalLoss = epochs.lastLoss();
        }
        checkCancelled(context);

        // the model's class order is its output index order; its feature map orders the input tensor
        List<String> classOrder = SgdClassifier.classOrder(model);
        ImmutableFeatureMap features = model.getFeatureIDMap();
        if (features.size() != columnCount) {
            throw new IllegalStateException("Tribuo kept " + features.size() + " of " + columnCount + " features");
        }
        int[] columnAt = new int[columnCount]; // ONNX input position -> dataset column
        for (int c = 0; c < columnCount; c++) {
            columnAt[features.getID(names[c])] = c;
        }

        context.progress(0.88, "evaluating on " + split.test().size() + " held-out rows");
        HeldOutEvaluation evaluation = HeldOutEvaluation.evaluate(classOrder, split, rows.labels(),
                i -> rows.rows().get(i).values(),
                i -> answer(model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names,
                        scaling.apply(rows.values().get(i))))));
        context.log("held-out: " + evaluation.summary());
        checkCancelled(context);

        context.progress(0.93, "exporting the ONNX model");
        Path artifact = context.workDirectory().resolve(TrainingOutputs.MODEL);
        Files.write(artifact, exportOnnx(model, scaling, columnAt, classOrder.size()).toByteArray());
        List<String> columnOrder = new ArrayList<>();
        for (int position = 0; position < columnCount; position++) {
            columnOrder.add(rows.columns().get(columnAt[position]));
        }
        Map<String, String> contract = new LinkedHashMap<>();
        contract.put("task", "classification");
        contract.put("labels", String.join(",", classOrder));
        contract.put("input", INPUT);
        contract.put("columns", String.join(",", columnOrder));
        context.log("exported " + artifact.getFileName() + " (" + Files.size(artifact) + " bytes): input '" + INPUT
                + "' [batch, " + columnCount + "] in column order " + columnOrder + ", output '" + OUTPUT + "' "
                + classOrder);

        String report = report(evaluation, parameters, split, columnOrder, finalLoss);
        context.progress(1.0, "done");
        return new TrainedModel(artifact, evaluation.metrics(), contract, report, evaluation.heldOut());
    }

    /** Tribuo's prediction as the evaluation takes it: the predicted class and its probability. */
    private static HeldOutEvaluation.Answer answer(Prediction<Label> prediction) {
        String predicted = prediction.getOutput().getLabel();
        return new HeldOutEvaluation.Answer(predicted, prediction.getOutputScores().get(predicted).getScore());
    }

    /** input -> (x - mean) / std (when standardizing) -> Tribuo's own graph of the model -> probabilities */
    private static OnnxMl.ModelProto exportOnnx(Model<Label> model, Standardization scaling, int[] columnAt,
            int classCount) {
        ONNXContext onnx = new ONNXContext();
        onnx.setName("ModelFleet-" + ID);
        ONNXPlaceholder input = onnx.floatInput(INPUT, columnAt.length);
        ONNXPlaceholder output = onnx.floatOutput(OUTPUT, classCount);
        ONNXRef<?> features = input;
        if (!scaling.isIdentity()) {
            float[] mean = new float[columnAt.length];
            float[] std = new float[columnAt.length];
            for (int position = 0; position < columnAt.length; position++) {
                mean[position] = (float) scaling.mean()[columnAt[position]];
                std[position] = (float) scaling.std()[columnAt[position]];
            }
            features = input.apply(ONNXOperators.SUB, onnx.array("feature_mean", mean))
                    .apply(ONNXOperators.DIV, onnx.array("feature_std", std));
        }
        ((ONNXExportable) model).writeONNXGraph(features).assignTo(output);
        return ONNXExportable.buildModel(onnx, "io.modelfleet.solution." + ID, 1, model);
    }

    private static String report(HeldOutEvaluation evaluation, Parameters parameters, HeldOutSplit split,
            List<String> columns, double finalLoss) throws JsonProcessingException {
        ObjectNode report = JSON.valueToTree(evaluation.report());
        report.put("trainRows", split.train().size());
        report.put("testRows", split.test().size());
        report.put("algorithm", parameters.classifier().algorithm());
        if (Double.isFinite(finalLoss)) {
            report.put("trainingCrossEntropy", finalLoss);
        }
        ArrayNode columnNode = report.putArray("columns");
        columns.forEach(columnNode::add);
        report.set("parameters", JSON.valueToTree(parameters.asMap()));
        return JSON.writeValueAsString(report);
    }

    private static void checkCancelled(TrainingContext context) {
        if (context.cancelled()) {
            throw new CancellationException("training was cancelled");
        }
    }

    /** Per-column mean and standard deviation of the training split (a constant column keeps its scale: std 1). */
    record Standardization(double[] mean, double[] std, boolean isIdentity) {

        static Standardization identity(int columns) {
            double[] ones = new double[columns];
            Arrays.fill(ones, 1);
            return new Standardization(new double[columns], ones, true);
        }

        static Standardization fit(List<double[]> values, Collection<Integer> rows) {
            int columns = values.get(0).length;
            double[] mean = new double[columns];
            double[] std = new double[columns];
            for (int i : rows) {
                for (int c = 0; c < columns; c++) {
                    mean[c] += values.get(i)[c];
                }
            }
            for (int c = 0; c < columns; c++) {
                mean[c] /= rows.size();
            }
            for (int i : rows) {
                for (int c = 0; c < columns; c++) {
                    double d = values.get(i)[c] - mean[c];
                    std[c] += d * d;
                }
            }
            for (int c = 0; c < columns; c++) {
                std[c] = Math.sqrt(std[c] / rows.size());
                if (!(std[c] > 1e-12)) {
                    std[c] = 1;
                }
            }
            return new Standardization(mean, std, false);
        }

        /**
         * The model sees what the ONNX graph computes: float inputs, float mean and std; the difference to doubles is
         * far below what the held-out comparison tolerates, but there is no reason to have one.
         */
        double[] apply(double[] row) {
            double[] scaled = new double[row.length];
            for (int c = 0; c < row.length; c++) {
                scaled[c] = isIdentity ? row[c] : ((float) row[c] - (float) mean[c]) / (float) std[c];
            }
            return scaled;
        }
    }
}
