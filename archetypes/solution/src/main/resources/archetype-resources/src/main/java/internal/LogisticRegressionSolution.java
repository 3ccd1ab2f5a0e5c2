package ${package}.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.osgi.service.component.annotations.Component;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
import io.modelfleet.schema.ParameterSchema;

/**
 * Multiclass classification of numeric tabular rows: Tribuo's logistic regression (linear SGD, softmax), evaluated
 * on the platform's stratified held-out split with the platform's classification metrics, exported to ONNX: input
 * {@value INPUT} (float [batch, columns] in the dataset's column order), output softmax probabilities in the order of
 * the contract's {@code labels}. A plain component: one solution, no configuration.
 */
@Component(service = SolutionType.class)
public final class LogisticRegressionSolution implements SolutionType {
    static final String ID = "${pluginId}";
    /** The input name Tribuo's ONNX export gives the model. */
    static final String INPUT = "input";
    static final int MIN_ROWS = 10;
    static final String SCHEMA = """
            {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "epochs": {
                  "type": "integer", "minimum": 1, "maximum": 1000, "default": 50, "title": "Epochs",
                  "description": "Passes over the training split"
                },
                "learningRate": {
                  "type": "number", "exclusiveMinimum": 0, "maximum": 10, "default": 0.5, "title": "Learning rate",
                  "description": "Initial step size of AdaGrad"
                },
                "testFraction": {
                  "type": "number", "minimum": 0.05, "maximum": 0.5, "default": 0.2, "title": "Held-out fraction",
                  "description": "Share of each class's labelled rows held out for evaluation"
                }
              }
            }
            """;
    private static final ParameterSchema PARAMETERS = ParameterSchema.of(SCHEMA);
    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Logistic regression (${pluginId})",
            "1.0.0", "Tells classes apart from numeric feature columns with Tribuo's logistic regression; exports an "
                    + "ONNX model with softmax probabilities per class");
    private static final ObjectMapper JSON = new ObjectMapper();

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
        return SCHEMA;
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
        // the server validated the parameters already; a training container may not have: check again
        ObjectNode parameters = PARAMETERS.check(context.parametersJson());
        int epochs = parameters.get("epochs").asInt();
        double learningRate = parameters.get("learningRate").asDouble();
        double testFraction = parameters.get("testFraction").asDouble();
        context.progress(0.0, "reading the dataset");
        checkCancelled(context);

        List<String> columns = data.columns();
        List<Integer> labelled = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int i = 0; i < data.rows().size(); i++) {
            String label = data.rows().get(i).label();
            if (label != null && !label.isBlank()) {
                if (label.contains(",")) {
                    throw new InvalidInputException("row " + (i + 1) + ": label '" + label + "' contains a comma, "
                            + "which the model's label list cannot hold");
                }
                labelled.add(i);
                labels.add(label);
                values.add(data.numbers(i)); // names the row and column of a cell that is no number
            }
        }
        Set<String> classes = new LinkedHashSet<>(labels);
        if (columns.isEmpty() || labelled.size() < MIN_ROWS || classes.size() < 2) {
            throw new InvalidInputException("training needs feature columns and at least " + MIN_ROWS
                    + " labelled rows of two classes or more; the dataset has " + columns.size() + " columns, "
                    + labelled.size() + " labelled rows and " + classes.size() + " classes");
        }
        for (String column : columns) {
            if (column.contains(",")) {
                throw new InvalidInputException("column '" + column + "' contains a comma: rename it");
            }
        }
        HeldOutSplit split = HeldOutSplit.stratified(labels, testFraction, context.seed());
        context.log("dataset: " + labelled.size() + " labelled rows, " + columns.size() + " columns, classes "
                + classes + "; " + split.train().size() + " to train on, " + split.test().size() + " held out");
        context.progress(0.1, "training on " + split.train().size() + " rows");
        checkCancelled(context);

        // feature names sort as the columns do (f00, f01...), so the ONNX input takes the columns in dataset order
        String[] names = new String[columns.size()];
        for (int c = 0; c < names.length; c++) {
            names[c] = String.format(Locale.ROOT, "f%0" + Integer.toString(names.length).length() + "d", c);
        }
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> training = new MutableDataset<>(new SimpleDataSourceProvenance("training split", factory),
                factory);
        for (int i : split.train()) {
            training.add(new ArrayExample<>(new Label(labels.get(i)), names, values.get(i)));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(learningRate, 1e-6), epochs,
                Integer.MAX_VALUE, 1, context.seed());
        Model<Label> model = trainer.train(training);
        checkCancelled(context);

        context.progress(0.8, "evaluating on " + split.test().size() + " held-out rows");
        ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        List<String> classOrder = new ArrayList<>();
        for (int id = 0; id < outputs.size(); id++) {
            classOrder.add(outputs.getOutput(id).getLabel());
        }
        // the platform's evaluation, so the metrics and held-out predictions mean what the built-in solutions' do
        HeldOutEvaluation evaluation = HeldOutEvaluation.evaluate(classOrder, split, labels,
                i -> data.rows().get(labelled.get(i)).values(),
                i -> answer(model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, values.get(i)))));
        context.log("held-out " + evaluation.summary());
        checkCancelled(context);

        context.progress(0.9, "exporting the ONNX model");
        Path artifact = context.workDirectory().resolve(TrainingOutputs.MODEL);
        Files.write(artifact, ((ONNXExportable) model).exportONNXModel("${package}", 1).toByteArray());
        Map<String, String> contract = new LinkedHashMap<>();
        contract.put("task", "classification");
        contract.put("labels", String.join(",", classOrder));
        contract.put("input", INPUT);
        contract.put("columns", String.join(",", columns));
        ObjectNode report = JSON.valueToTree(evaluation.report());
        report.put("trainRows", split.train().size());
        report.put("testRows", split.test().size());
        report.set("parameters", parameters);
        context.progress(1.0, "done");
        return new TrainedModel(artifact, evaluation.metrics(), contract, JSON.writeValueAsString(report),
                evaluation.heldOut());
    }

    /** Tribuo's prediction as the evaluation takes it: the predicted class and its probability. */
    private static HeldOutEvaluation.Answer answer(Prediction<Label> prediction) {
        String predicted = prediction.getOutput().getLabel();
        return new HeldOutEvaluation.Answer(predicted, prediction.getOutputScores().get(predicted).getScore());
    }

    private static void checkCancelled(TrainingContext context) {
        if (context.cancelled()) {
            throw new CancellationException("training was cancelled");
        }
    }
}
