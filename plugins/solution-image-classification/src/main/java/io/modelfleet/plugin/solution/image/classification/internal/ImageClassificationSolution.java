package io.modelfleet.plugin.solution.image.classification.internal;

import java.awt.image.BufferedImage;
import java.io.InputStream;
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
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXPlaceholder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.onnx.proto.OnnxMl;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.image.ImageContract;
import io.modelfleet.api.image.ImageLimits;
import io.modelfleet.api.image.ImageRejectedException;
import io.modelfleet.api.image.Images;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.ClassificationMetrics;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.solution.FileData;
import io.modelfleet.api.spi.solution.HeldOutEvaluation;
import io.modelfleet.api.spi.solution.HeldOutSplit;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainedModel.HeldOutPrediction;
import io.modelfleet.api.spi.solution.TrainingContext;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.tribuo.sgd.SgdClassifier;
import io.modelfleet.tribuo.sgd.SgdEpochs;

/**
 * Image classification on FILES datasets. Method {@code pixels}: every image is decoded (PNG, JPEG, BMP, GIF first
 * frame; within {@link ImageLimits#DEFAULT}), resized, turned grey or RGB and normalised per channel with the training
 * split's mean and deviation ({@link Images}, the code the edge agent runs too); the pixels are the features of a
 * Tribuo SGD classifier. The exported ONNX graph takes the normalised image, {@value #INPUT} float [batch, C, H, W],
 * flattens it and applies Tribuo's graph; output {@value #OUTPUT}, softmax probabilities in {@code labels} order.
 */
@Component(service = SolutionType.class)
public final class ImageClassificationSolution implements SolutionType {
    static final String ID = "image-classification";
    static final String INPUT = "image";
    static final String OUTPUT = "probabilities";
    static final int MIN_IMAGES = 10;
    /** Held-out mistakes listed in the report, lowest score first. */
    static final int MAX_MISTAKES = 100;
    /** Held-out images the composed transfer model is run on before it is handed over. */
    static final int SELF_CHECKED = 32;
    private static final String FLAT = "pixels_flat";
    private static final String HEAD_INPUT = "embedding";
    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Image classification", "1.0.0",
            "Learns to tell classes of images apart (resized pixels into a Tribuo classifier); exports an ONNX model "
                    + "that takes the image and gives softmax probabilities per class");
    private static final ObjectMapper JSON = new ObjectMapper();

    public ImageClassificationSolution() {
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public DatasetKind datasetKind() {
        return DatasetKind.FILES;
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
    public TrainedModel train(FileData data, TrainingContext context) throws Exception {
        Parameters parameters = Parameters.parse(context.parametersJson());
        List<Integer> labelled = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < data.items().size(); i++) {
            if (data.items().get(i).label() != null) {
                labelled.add(i);
                labels.add(data.items().get(i).label());
            }
        }
        Set<String> classes = new LinkedHashSet<>(labels);
        context.log("dataset: " + data.items().size() + " files, " + labelled.size() + " labelled, " + classes.size()
                + " classes");
        if (labelled.size() < MIN_IMAGES) {
            throw new InvalidInputException("the dataset has " + labelled.size() + " labelled images; training needs "
                    + "at least " + MIN_IMAGES);
        }
        if (classes.size() < 2) {
            throw new InvalidInputException("every labelled image has the label '" + labels.get(0)
                    + "': a classifier needs at least two classes");
        }

        Backbone backbone = null;
        try {
            if (Parameters.TRANSFER.equals(parameters.method())) {
                backbone = Backbone.open(context.inputModel(Parameters.BACKBONE).orElseThrow(() ->
                        new InvalidInputException("method transfer needs a backbone: set the parameter '"
                                + Parameters.BACKBONE + "' to a registered feature extractor (name:version)")));
                context.log("backbone " + backbone.reference() + ": input " + backbone.contract() + ", embedding '"
                        + backbone.output() + "'");
            }
            return train(data, context, parameters, labelled, labels, backbone);
        } finally {
            if (backbone != null) {
                backbone.close();
            }
        }
    }

    private TrainedModel train(FileData data, TrainingContext context, Parameters parameters, List<Integer> labelled,
            List<String> labels, Backbone backbone) throws Exception {
        // every labelled image is decoded once, into the planes of the trained size: [C][H][W] in [0, 1]; with a
        // backbone, pre-processed by its contract and turned into embeddings batch by batch
        int width = backbone == null ? parameters.width() : backbone.contract().width();
        int height = backbone == null ? parameters.height() : backbone.contract().height();
        int channels = backbone == null ? parameters.channels() : backbone.contract().channels();
        double decodeShare = backbone == null ? 0.30 : 0.60;
        // per labelled image: its planes (pixels) or its embedding (transfer)
        List<float[]> encoded = new ArrayList<>(labelled.size());
        List<float[]> pending = new ArrayList<>();
        for (int n = 0; n < labelled.size(); n++) {
            int index = labelled.get(n);
            String key = data.items().get(index).key();
            BufferedImage image;
            try (InputStream in = data.open(index)) {
                image = Images.decode(in, ImageLimits.DEFAULT);
            } catch (ImageRejectedException e) {
                throw new InvalidInputException("item '" + key + "': " + e.detail());
            }
            float[] imagePlanes = Images.planes(image, width, height, channels);
            if (backbone == null) {
                encoded.add(imagePlanes);
            } else {
                pending.add(Images.tensor(imagePlanes, backbone.contract()));
                if (pending.size() == Backbone.BATCH || n == labelled.size() - 1) {
                    encoded.addAll(List.of(backbone.embed(pending)));
                    pending.clear();
                }
            }
            if (n % 100 == 99) {
                checkCancelled(context);
                context.progress(decodeShare * (n + 1) / labelled.size(), (backbone == null ? "decoded " : "embedded ")
                        + (n + 1) + " of " + labelled.size() + " images");
            }
        }

        HeldOutSplit split = HeldOutSplit.stratified(labels, parameters.testFraction(), context.seed());
        context.log("split (seed " + context.seed() + "): " + split.train().size() + " training images, "
                + split.test().size() + " held-out images");
        context.progress(decodeShare + 0.02, "split " + split.train().size() + " training / " + split.test().size()
                + " held-out");
        // pixels: the contract normalises each channel with the training split's statistics; transfer: the
        // backbone's contract pre-processes, and each embedding dimension is standardised inside the exported graph
        ImageContract contract = backbone == null ? contract(encoded, split.train(), width, height, channels)
                : backbone.contract();
        Standardisation standardisation = backbone == null ? null : Standardisation.of(encoded, split.train());
        if (backbone == null) {
            context.log("normalisation per channel (training split): mean " + java.util.Arrays.toString(contract.mean())
                    + ", std " + java.util.Arrays.toString(contract.std()));
        } else {
            context.log("embeddings: " + standardisation.mean().length + " dimensions, standardised with the training "
                    + "split's mean and deviation");
        }
        java.util.function.IntFunction<double[]> features = backbone == null
                ? n -> features(encoded.get(n), contract)
                : n -> standardisation.apply(encoded.get(n));

        int size = backbone == null ? contract.size() : standardisation.mean().length;
        String[] names = new String[size];
        int digits = Integer.toString(size - 1).length();
        for (int f = 0; f < size; f++) {
            names[f] = String.format(Locale.ROOT, "p%0" + digits + "d", f);
        }
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> training = new MutableDataset<>(
                new SimpleDataSourceProvenance("ModelFleet training split", factory), factory);
        for (int n : split.train()) {
            training.add(new ArrayExample<>(new Label(labels.get(n)), names, features.apply(n)));
        }
        checkCancelled(context);

        SgdClassifier classifier = parameters.classifier();
        int stepsPerEpoch = classifier.stepsPerEpoch(split.train().size());
        context.log("training " + classifier.algorithm() + " on " + (backbone == null ? width + "x" + height + "x"
                + channels + " pixels" : size + "-dimensional embeddings") + " (" + classifier.optimizer()
                + ", learning rate " + classifier.learningRate() + ", " + classifier.epochs() + " epochs, minibatch "
                + classifier.minibatchSize() + ")");
        Model<Label> model;
        double finalLoss;
        try (SgdEpochs epochs = new SgdEpochs(context, classifier.epochs(), stepsPerEpoch, split.train().size(),
                decodeShare + 0.05, 0.88)) {
            model = classifier.trainer(stepsPerEpoch, context.seed()).train(training);
            finalLoss = epochs.lastLoss();
        }
        checkCancelled(context);

        List<String> classOrder = SgdClassifier.classOrder(model);
        ImmutableFeatureMap featureMap = model.getFeatureIDMap();
        for (int f = 0; f < size; f++) {
            // zero-padded names sort into input order: the flattened image (or embedding) is the feature vector as it is
            if (featureMap.getID(names[f]) != f) {
                throw new IllegalStateException("Tribuo ordered input " + f + " as feature " + featureMap.getID(names[f]));
            }
        }

        context.progress(0.9, "evaluating on " + split.test().size() + " held-out images");
        HeldOutEvaluation evaluation = HeldOutEvaluation.evaluate(classOrder, split, labels,
                n -> List.of(data.items().get(labelled.get(n)).key()),
                n -> answer(model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, features.apply(n)))));
        context.log("held-out: " + evaluation.summary());
        checkCancelled(context);

        context.progress(0.95, "exporting the ONNX model");
        Path artifact = context.workDirectory().resolve(TrainingOutputs.MODEL);
        OnnxMl.ModelProto onnx;
        if (backbone == null) {
            onnx = exportOnnx(model, contract, classOrder.size());
        } else {
            OnnxMl.ModelProto head = headOnnx(model, HEAD_INPUT, size, classOrder.size());
            onnx = TransferGraph.compose(backbone.proto(), backbone.output(), head, standardisation.floatMean(),
                    standardisation.floatStd());
        }
        Files.write(artifact, onnx.toByteArray());
        if (backbone != null) {
            // the composed graph must answer what backbone-then-head answered (operator set versions can clash)
            List<float[]> tensors = new ArrayList<>();
            List<double[]> expected = new ArrayList<>();
            for (int n : split.test().subList(0, Math.min(SELF_CHECKED, split.test().size()))) {
                try (InputStream in = data.open(labelled.get(n))) {
                    tensors.add(Images.tensor(Images.decode(in, ImageLimits.DEFAULT), contract));
                }
                Map<String, Label> scores = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names,
                        features.apply(n))).getOutputScores();
                expected.add(classOrder.stream().mapToDouble(label -> scores.get(label).getScore()).toArray());
            }
            TransferGraph.checkAnswers(artifact, contract, OUTPUT, tensors, expected);
            context.log("the composed model answers as backbone then head on the held-out images checked");
        }
        Map<String, String> modelContract = new LinkedHashMap<>();
        modelContract.put("task", "classification");
        modelContract.put("labels", String.join(",", classOrder));
        modelContract.putAll(contract.metadata());
        if (backbone != null) {
            modelContract.put("backbone", backbone.reference());
        }
        context.log("exported " + artifact.getFileName() + " (" + Files.size(artifact) + " bytes): input '"
                + contract.input() + "' " + java.util.Arrays.toString(contract.shape()).replaceFirst("\\[1,", "[batch,")
                + " " + contract.layout() + ", output '" + OUTPUT + "' " + classOrder);

        ObjectNode report = JSON.valueToTree(evaluation.report());
        report.put("trainImages", split.train().size());
        report.put("testImages", split.test().size());
        if (Double.isFinite(finalLoss)) {
            report.put("trainingCrossEntropy", finalLoss);
        }
        ArrayNode mistakes = report.putArray("mistakes");
        evaluation.heldOut().stream().filter(p -> !p.label().equals(p.predicted()))
                .sorted(java.util.Comparator.comparingDouble(HeldOutPrediction::score)).limit(MAX_MISTAKES)
                .forEach(p -> mistakes.addObject().put("key", p.values().get(0)).put("label", p.label())
                        .put("predicted", p.predicted()).put("score", p.score()));
        report.set("parameters", JSON.valueToTree(parameters.asMap()));
        context.progress(1.0, "done");
        return new TrainedModel(artifact, evaluation.metrics(), modelContract, JSON.writeValueAsString(report),
                evaluation.heldOut());
    }

    /** Tribuo's prediction as the evaluation takes it: the predicted class and its probability. */
    private static HeldOutEvaluation.Answer answer(Prediction<Label> prediction) {
        String predicted = prediction.getOutput().getLabel();
        return new HeldOutEvaluation.Answer(predicted, prediction.getOutputScores().get(predicted).getScore());
    }

    /** Per-channel mean and deviation of the training split's pixels (a constant channel keeps deviation 1). */
    private static ImageContract contract(List<float[]> planes, List<Integer> train, int width, int height,
            int channels) {
        int area = width * height;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double squares = 0;
            for (int n : train) {
                float[] image = planes.get(n);
                for (int i = c * area; i < (c + 1) * area; i++) {
                    sum += image[i];
                    squares += (double) image[i] * image[i];
                }
            }
            double count = (double) train.size() * area;
            mean[c] = sum / count;
            double variance = Math.max(0, squares / count - mean[c] * mean[c]);
            std[c] = Math.sqrt(variance) > 1e-6 ? Math.sqrt(variance) : 1;
        }
        return new ImageContract(INPUT, width, height, channels, "NCHW", mean, std);
    }

    /** Exactly the tensor the edge feeds the model (same float arithmetic), as Tribuo's double features. */
    private static double[] features(float[] planes, ImageContract contract) {
        float[] tensor = Images.tensor(planes, contract);
        double[] values = new double[tensor.length];
        for (int i = 0; i < tensor.length; i++) {
            values[i] = tensor[i];
        }
        return values;
    }

    /**
     * Tribuo writes its graph for a flat [batch, pixels] input; the image input [batch, C, H, W] and a Flatten node in
     * front of it are added to the protobuf, so the edge feeds the image tensor as it is laid out.
     */
    static OnnxMl.ModelProto exportOnnx(Model<Label> model, ImageContract contract, int classCount) {
        OnnxMl.ModelProto built = headOnnx(model, FLAT, contract.size(), classCount);
        OnnxMl.GraphProto graph = built.getGraph();
        OnnxMl.ValueInfoProto flatInput = graph.getInputList().stream().filter(v -> v.getName().equals(FLAT))
                .findFirst().orElseThrow();
        OnnxMl.TensorShapeProto.Dimension batch = flatInput.getType().getTensorType().getShape().getDim(0);
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder().addDim(batch);
        for (long side : new long[] { contract.channels(), contract.height(), contract.width() }) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(side));
        }
        OnnxMl.ValueInfoProto imageInput = OnnxMl.ValueInfoProto.newBuilder().setName(INPUT)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
        OnnxMl.NodeProto flatten = OnnxMl.NodeProto.newBuilder().setOpType("Flatten").setName("flatten_image")
                .addInput(INPUT).addOutput(FLAT).addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1))
                .build();
        OnnxMl.GraphProto.Builder composed = graph.toBuilder().clearInput().addInput(imageInput).clearNode()
                .addNode(flatten).addAllNode(graph.getNodeList());
        for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
            if (!input.getName().equals(FLAT)) {
                composed.addInput(input);
            }
        }
        return built.toBuilder().setGraph(composed).build();
    }

    /** Tribuo's graph of the classifier: {@code input} float [batch, size] → {@value #OUTPUT} [batch, classes]. */
    static OnnxMl.ModelProto headOnnx(Model<Label> model, String input, int size, int classCount) {
        ONNXContext onnx = new ONNXContext();
        onnx.setName("ModelFleet-" + ID);
        ONNXPlaceholder in = onnx.floatInput(input, size);
        ONNXPlaceholder output = onnx.floatOutput(OUTPUT, classCount);
        ((ONNXExportable) model).writeONNXGraph(in).assignTo(output);
        return ONNXExportable.buildModel(onnx, "io.modelfleet.solution." + ID, 1, model);
    }

    private static void checkCancelled(TrainingContext context) {
        if (context.cancelled()) {
            throw new CancellationException("training was cancelled");
        }
    }
}
