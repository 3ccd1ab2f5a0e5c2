package io.modelfleet.itests.onnx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * ONNX models built in code for tests and benchmarks, so no binary model is checked in. Each classifier has a
 * plain-Java twin ({@link #expectedProbabilities}, {@link #expectedAnomalyScore}) to assert against. Unless said
 * otherwise a model takes one float input {@value #FEATURES} of shape [batch, F] whose batch dimension is dynamic
 * (ORT reports it as -1). All models use IR version {@value #IR_VERSION} and opset {@value #OPSET}.
 */
public final class OnnxModels {
    public static final String FEATURES = "features";
    public static final String PROBABILITIES = "probabilities";
    public static final String LABEL = "label";
    public static final String SCORE = "score";
    /** The image input of {@link #imageBackbone}. */
    public static final String BACKBONE_INPUT = "input";
    /** The embedding output of {@link #imageBackbone}. */
    public static final String EMBEDDING = "embedding";
    public static final int IR_VERSION = 8;
    public static final int OPSET = 13;
    /** Side of the square matrices {@link #slowClassifier} multiplies: one extra MatMul is 256³ multiply-adds. */
    public static final int SLOW_MATRIX_SIZE = 256;

    private static final String ML_DOMAIN = "ai.onnx.ml";
    private static final String BATCH = "batch";

    private OnnxModels() {
    }

    /**
     * A softmax regression: {@value #FEATURES} float [batch, F] → Gemm → Softmax → {@value #PROBABILITIES} float
     * [batch, K].
     *
     * @param weights [features][classes]
     * @param bias [classes]
     */
    public static byte[] linearClassifier(float[][] weights, float[] bias) {
        Graph graph = linearLogits("linear_classifier", weights, bias);
        graph.node("Softmax", List.of("logits"), List.of(PROBABILITIES), intAttribute("axis", 1));
        graph.output(PROBABILITIES, tensorType(DataType.FLOAT, -1, bias.length));
        return graph.model(false);
    }

    /** What {@link #linearClassifier} answers for one row {@code x}, computed in Java. */
    public static float[] expectedProbabilities(float[][] weights, float[] bias, float[] x) {
        checkClassifier(weights, bias);
        if (x.length != weights.length) {
            throw new IllegalArgumentException("x has " + x.length + " features, the weights " + weights.length);
        }
        double[] logits = new double[bias.length];
        for (int k = 0; k < bias.length; k++) {
            double sum = bias[k];
            for (int f = 0; f < x.length; f++) {
                sum += (double) x[f] * weights[f][k];
            }
            logits[k] = sum;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double logit : logits) {
            max = Math.max(max, logit);
        }
        double total = 0;
        for (int k = 0; k < logits.length; k++) {
            logits[k] = Math.exp(logits[k] - max);
            total += logits[k];
        }
        float[] probabilities = new float[logits.length];
        for (int k = 0; k < logits.length; k++) {
            probabilities[k] = (float) (logits[k] / total);
        }
        return probabilities;
    }

    /**
     * A classifier shaped like the ones sklearn (skl2onnx) and Tribuo export: {@value #LABEL} int64 [batch] holds the
     * class label of the arg-max, {@value #PROBABILITIES} is a ZipMap {@code seq(map(int64,float))} from each class
     * label to its probability. The probabilities equal {@link #expectedProbabilities}.
     */
    public static byte[] labelledClassifier(float[][] weights, float[] bias, long[] classLabels) {
        if (classLabels.length != bias.length) {
            throw new IllegalArgumentException(classLabels.length + " class labels for " + bias.length + " classes");
        }
        Graph graph = linearLogits("labelled_classifier", weights, bias);
        graph.initializer(int64Tensor("class_labels", classLabels, classLabels.length));
        AttributeProto.Builder zipLabels = AttributeProto.newBuilder().setName("classlabels_int64s")
                .setType(AttributeType.INTS);
        for (long label : classLabels) {
            zipLabels.addInts(label);
        }
        labelAndZipMap(graph, zipLabels.build());
        graph.output(LABEL, tensorType(DataType.INT64, -1));
        graph.output(PROBABILITIES, sequenceOfMaps(DataType.INT64));
        return graph.model(true);
    }

    /** As {@link #labelledClassifier(float[][], float[], long[])} with string class labels: {@code seq(map(string,float))}. */
    public static byte[] labelledClassifier(float[][] weights, float[] bias, String[] classLabels) {
        if (classLabels.length != bias.length) {
            throw new IllegalArgumentException(classLabels.length + " class labels for " + bias.length + " classes");
        }
        Graph graph = linearLogits("labelled_classifier", weights, bias);
        graph.initializer(stringTensor("class_labels", classLabels, classLabels.length));
        AttributeProto.Builder zipLabels = AttributeProto.newBuilder().setName("classlabels_strings")
                .setType(AttributeType.STRINGS);
        for (String label : classLabels) {
            zipLabels.addStrings(ByteString.copyFromUtf8(label));
        }
        labelAndZipMap(graph, zipLabels.build());
        graph.output(LABEL, tensorType(DataType.STRING, -1));
        graph.output(PROBABILITIES, sequenceOfMaps(DataType.STRING));
        return graph.model(true);
    }

    /**
     * Answers like {@link #linearClassifier} but takes longer: each run also multiplies a chain of
     * {@code extraMatMuls} {@value #SLOW_MATRIX_SIZE}×{@value #SLOW_MATRIX_SIZE} float matrices and adds zero times
     * their sum to the logits. The chain starts from a value derived from the input's shape, so ORT cannot fold it
     * into a constant when the session is created.
     */
    public static byte[] slowClassifier(float[][] weights, float[] bias, int extraMatMuls) {
        if (extraMatMuls < 0) {
            throw new IllegalArgumentException("extraMatMuls must be >= 0, not " + extraMatMuls);
        }
        Graph graph = linearLogits("slow_classifier", weights, bias);
        int n = SLOW_MATRIX_SIZE;
        // the identity keeps every product finite, so zero times their sum stays exactly zero
        float[] identity = new float[n * n];
        for (int i = 0; i < n; i++) {
            identity[i * n + i] = 1f;
        }
        graph.initializer(floatTensor("identity", identity, n, n));
        graph.initializer(floatTensor("zero", new float[] {0f}));
        graph.node("Shape", List.of(FEATURES), List.of("input_shape"));
        graph.node("Cast", List.of("input_shape"), List.of("input_shape_float"),
                intAttribute("to", DataType.FLOAT_VALUE));
        graph.node("ReduceSum", List.of("input_shape_float"), List.of("shape_sum"), intAttribute("keepdims", 0));
        graph.node("Mul", List.of("shape_sum", "zero"), List.of("input_zero"));
        graph.node("Add", List.of("identity", "input_zero"), List.of("chain_0"));
        for (int i = 1; i <= extraMatMuls; i++) {
            graph.node("MatMul", List.of("chain_" + (i - 1), "identity"), List.of("chain_" + i));
        }
        graph.node("ReduceSum", List.of("chain_" + extraMatMuls), List.of("chain_sum"), intAttribute("keepdims", 0));
        graph.node("Mul", List.of("chain_sum", "zero"), List.of("chain_zero"));
        graph.node("Add", List.of("logits", "chain_zero"), List.of("slow_logits"));
        graph.node("Softmax", List.of("slow_logits"), List.of(PROBABILITIES), intAttribute("axis", 1));
        graph.output(PROBABILITIES, tensorType(DataType.FLOAT, -1, bias.length));
        return graph.model(false);
    }

    /**
     * Answers exactly like {@link #linearClassifier} but its file is about {@code paddingBytes} larger, for tests of
     * large artifacts: a float initializer of random values (the same for the same seed) that the graph reduces,
     * multiplies by zero and adds to the logits, so it is part of the model and not dropped as unused.
     */
    public static byte[] paddedClassifier(float[][] weights, float[] bias, int paddingBytes, long seed) {
        checkPositive("paddingBytes", paddingBytes);
        Graph graph = linearLogits("padded_classifier", weights, bias);
        float[] padding = new float[Math.max(1, paddingBytes / 4)];
        Random random = new Random(seed);
        for (int i = 0; i < padding.length; i++) {
            padding[i] = random.nextFloat();
        }
        graph.initializer(floatTensor("padding", padding, padding.length));
        graph.initializer(floatTensor("zero", new float[] {0f}));
        graph.node("ReduceSum", List.of("padding"), List.of("padding_sum"), intAttribute("keepdims", 0));
        graph.node("Mul", List.of("padding_sum", "zero"), List.of("padding_zero"));
        graph.node("Add", List.of("logits", "padding_zero"), List.of("padded_logits"));
        graph.node("Softmax", List.of("padded_logits"), List.of(PROBABILITIES), intAttribute("axis", 1));
        graph.output(PROBABILITIES, tensorType(DataType.FLOAT, -1, bias.length));
        return graph.model(false);
    }

    /**
     * A model that loads (ORT creates the session) but fails on every run: it gathers columns F+5 and F+6 of the
     * input, and ORT only checks gather indices against the data when it runs. Input {@value #FEATURES} float
     * [batch, F], output {@value #PROBABILITIES} float [batch, 2].
     */
    public static byte[] failsAtRunTime(int features) {
        checkPositive("features", features);
        Graph graph = new Graph("fails_at_run_time");
        graph.input(FEATURES, tensorType(DataType.FLOAT, -1, features));
        graph.initializer(int64Tensor("out_of_range_columns", new long[] {features + 5L, features + 6L}, 2));
        graph.node("Gather", List.of(FEATURES, "out_of_range_columns"), List.of("gathered"), intAttribute("axis", 1));
        graph.node("Softmax", List.of("gathered"), List.of(PROBABILITIES), intAttribute("axis", 1));
        graph.output(PROBABILITIES, tensorType(DataType.FLOAT, -1, 2));
        return graph.model(false);
    }

    /**
     * Answers like {@link #linearClassifier} for inputs whose values are all at most {@code threshold}, and fails at
     * run time on any other: it gathers input column {@code 1000 * (max(x) > threshold)}, which ORT only checks against
     * the data when it runs. A model that is healthy on ordinary traffic and fails on some edges' inputs.
     */
    public static byte[] failsAbove(float[][] weights, float[] bias, float threshold) {
        Graph graph = linearLogits("fails_above", weights, bias);
        graph.initializer(floatTensor("threshold", new float[] {threshold}));
        graph.initializer(int64Tensor("out_of_range", new long[] {1000L}));
        graph.initializer(floatTensor("zero", new float[] {0f}));
        graph.node("ReduceMax", List.of(FEATURES), List.of("input_max"), intAttribute("keepdims", 0));
        graph.node("Greater", List.of("input_max", "threshold"), List.of("too_large"));
        graph.node("Cast", List.of("too_large"), List.of("too_large_int"), intAttribute("to", DataType.INT64_VALUE));
        graph.node("Mul", List.of("too_large_int", "out_of_range"), List.of("column"));
        graph.node("Gather", List.of(FEATURES, "column"), List.of("gathered"), intAttribute("axis", 1));
        graph.node("ReduceSum", List.of("gathered"), List.of("gathered_sum"), intAttribute("keepdims", 0));
        graph.node("Mul", List.of("gathered_sum", "zero"), List.of("gathered_zero"));
        graph.node("Add", List.of("logits", "gathered_zero"), List.of("checked_logits"));
        graph.node("Softmax", List.of("checked_logits"), List.of(PROBABILITIES), intAttribute("axis", 1));
        graph.output(PROBABILITIES, tensorType(DataType.FLOAT, -1, bias.length));
        return graph.model(false);
    }

    /** {@link #anomalyScorer(float[], float)} with every weight 1 and bias -F: all-zero input scores low, all-ones 0.5. */
    public static byte[] anomalyScorer(int features) {
        checkPositive("features", features);
        float[] weights = new float[features];
        Arrays.fill(weights, 1f);
        return anomalyScorer(weights, -features);
    }

    /**
     * {@value #FEATURES} float [batch, F] → {@value #SCORE} float [batch, 1] = sigmoid(x·weights + bias), in [0, 1].
     */
    public static byte[] anomalyScorer(float[] weights, float bias) {
        checkPositive("features", weights.length);
        Graph graph = new Graph("anomaly_scorer");
        graph.input(FEATURES, tensorType(DataType.FLOAT, -1, weights.length));
        graph.initializer(floatTensor("weights", weights, weights.length, 1));
        graph.initializer(floatTensor("bias", new float[] {bias}, 1));
        graph.node("MatMul", List.of(FEATURES, "weights"), List.of("weighted"));
        graph.node("Add", List.of("weighted", "bias"), List.of("raw_score"));
        graph.node("Sigmoid", List.of("raw_score"), List.of(SCORE));
        graph.output(SCORE, tensorType(DataType.FLOAT, -1, 1));
        return graph.model(false);
    }

    /** What {@link #anomalyScorer(float[], float)} answers for one row {@code x}, computed in Java. */
    public static float expectedAnomalyScore(float[] weights, float bias, float[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("x has " + x.length + " features, the weights " + weights.length);
        }
        double sum = bias;
        for (int f = 0; f < x.length; f++) {
            sum += (double) x[f] * weights[f];
        }
        return (float) (1 / (1 + Math.exp(-sum)));
    }

    /**
     * Input {@code input} → Identity → output {@code output}, of one element type ({@code float}, {@code double},
     * {@code int8}, {@code uint8}, {@code int16}, {@code int32}, {@code int64}, {@code bool}, {@code string} ...) and
     * shape (-1 for a dynamic dimension; no dimensions for a scalar). For testing how values cross the runtime.
     */
    public static byte[] identity(String elementType, long... shape) {
        DataType type = DataType.valueOf(elementType.toUpperCase(Locale.ROOT));
        Graph graph = new Graph("identity_" + elementType);
        graph.input("input", tensorType(type, shape));
        graph.node("Identity", List.of("input"), List.of("output"));
        graph.output("output", tensorType(type, shape));
        return graph.model(false);
    }

    /** Weights in [-1, 1) for a classifier, the same for the same seed. */
    /**
     * A convolutional feature extractor: {@value #BACKBONE_INPUT} float [batch, C, side, side] (NCHW) → Conv 3×3 with
     * {@code stemWidth} filters (stride 2 when {@code globalPool}, else 1) → ReLU → one depthwise-separable block per
     * {@code {width, stride}} of {@code blocks} (depthwise Conv 3×3, ReLU, pointwise Conv 1×1, ReLU, as in MobileNet
     * v1) → GlobalAveragePool when {@code globalPool}, else MaxPool 2×2 → Flatten → {@value #EMBEDDING} float
     * [batch, D]. Weights are He-initialised from {@code seed}: random features, which a linear head still separates
     * for small images, and the cost of a real network of the same shape.
     */
    public static byte[] imageBackbone(int channels, int side, int stemWidth, int[][] blocks, boolean globalPool,
            long seed) {
        checkPositive("channels", channels);
        checkPositive("side", side);
        Random random = new Random(seed);
        Graph graph = new Graph("image_backbone");
        graph.input(BACKBONE_INPUT, tensorType(DataType.FLOAT, -1, channels, side, side));
        String x = conv(graph, random, BACKBONE_INPUT, channels, stemWidth, 3, globalPool ? 2 : 1, 1, "stem");
        int width = stemWidth;
        for (int b = 0; b < blocks.length; b++) {
            x = conv(graph, random, x, width, width, 3, blocks[b][1], width, "block" + b + "_dw");
            x = conv(graph, random, x, width, blocks[b][0], 1, 1, 1, "block" + b + "_pw");
            width = blocks[b][0];
        }
        if (globalPool) {
            graph.node("GlobalAveragePool", List.of(x), List.of("pooled"));
        } else {
            graph.node("MaxPool", List.of(x), List.of("pooled"), intsAttribute("kernel_shape", 2, 2),
                    intsAttribute("strides", 2, 2));
        }
        graph.node("Flatten", List.of("pooled"), List.of(EMBEDDING), intAttribute("axis", 1));
        graph.output(EMBEDDING, tensorType(DataType.FLOAT, -1, -1));
        return graph.model(false);
    }

    /**
     * {@link #imageBackbone} in the shape of MobileNet v1 (1.0, 224): RGB 224×224, stem 32, 13 depthwise-separable
     * blocks up to 1,024 filters, global average pooling; 3.2 M weights, 0.57 G multiply-adds per image.
     */
    public static byte[] mobileNetSizedBackbone(long seed) {
        int[][] blocks = { { 64, 1 }, { 128, 2 }, { 128, 1 }, { 256, 2 }, { 256, 1 }, { 512, 2 }, { 512, 1 },
            { 512, 1 }, { 512, 1 }, { 512, 1 }, { 512, 1 }, { 1024, 2 }, { 1024, 1 } };
        return imageBackbone(3, 224, 32, blocks, true, seed);
    }

    /** in → Conv(k×k, stride, group, He-initialised, with bias) → ReLU; returns the output's name. */
    private static String conv(Graph graph, Random random, String in, int inChannels, int outChannels, int kernel,
            int stride, int group, String name) {
        int fanIn = inChannels / group * kernel * kernel;
        float[] weights = new float[outChannels * fanIn];
        double scale = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (random.nextGaussian() * scale);
        }
        float[] bias = new float[outChannels];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) (random.nextGaussian() * 0.01);
        }
        graph.initializer(floatTensor(name + "_w", weights, outChannels, inChannels / group, kernel, kernel));
        graph.initializer(floatTensor(name + "_b", bias, outChannels));
        int pad = kernel / 2;
        graph.node("Conv", List.of(in, name + "_w", name + "_b"), List.of(name + "_conv"),
                intsAttribute("kernel_shape", kernel, kernel), intsAttribute("pads", pad, pad, pad, pad),
                intsAttribute("strides", stride, stride), intAttribute("group", group));
        graph.node("Relu", List.of(name + "_conv"), List.of(name + "_relu"));
        return name + "_relu";
    }

    public static float[][] randomWeights(int features, int classes, long seed) {
        checkPositive("features", features);
        checkPositive("classes", classes);
        Random random = new Random(seed);
        float[][] weights = new float[features][classes];
        for (float[] row : weights) {
            for (int k = 0; k < classes; k++) {
                row[k] = random.nextFloat() * 2 - 1;
            }
        }
        return weights;
    }

    // --- graph building ---

    /** features → Gemm(W, B) → "logits" [batch, K]. */
    private static Graph linearLogits(String name, float[][] weights, float[] bias) {
        checkClassifier(weights, bias);
        int features = weights.length;
        int classes = bias.length;
        float[] flat = new float[features * classes];
        for (int f = 0; f < features; f++) {
            System.arraycopy(weights[f], 0, flat, f * classes, classes);
        }
        Graph graph = new Graph(name);
        graph.input(FEATURES, tensorType(DataType.FLOAT, -1, features));
        graph.initializer(floatTensor("weights", flat, features, classes));
        graph.initializer(floatTensor("bias", bias, classes));
        graph.node("Gemm", List.of(FEATURES, "weights", "bias"), List.of("logits"));
        return graph;
    }

    /** logits → Softmax → arg-max → the label from "class_labels"; the probabilities zipped with the labels. */
    private static void labelAndZipMap(Graph graph, AttributeProto classLabels) {
        graph.node("Softmax", List.of("logits"), List.of("probability_tensor"), intAttribute("axis", 1));
        graph.node("ArgMax", List.of("probability_tensor"), List.of("label_index"), intAttribute("axis", 1),
                intAttribute("keepdims", 0));
        graph.node("Gather", List.of("class_labels", "label_index"), List.of(LABEL), intAttribute("axis", 0));
        graph.mlNode("ZipMap", List.of("probability_tensor"), List.of(PROBABILITIES), classLabels);
    }

    private static void checkClassifier(float[][] weights, float[] bias) {
        checkPositive("features", weights.length);
        checkPositive("classes", bias.length);
        for (float[] row : weights) {
            if (row.length != bias.length) {
                throw new IllegalArgumentException("every weight row needs " + bias.length + " classes, one has "
                        + row.length);
            }
        }
    }

    private static void checkPositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + value);
        }
    }

    /** A tensor type; -1 becomes a named dynamic dimension ("batch" first). */
    private static TypeProto tensorType(DataType type, long... shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.length; i++) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (shape[i] < 0) {
                dim.setDimParam(i == 0 ? BATCH : "dim_" + i);
            } else {
                dim.setDimValue(shape[i]);
            }
            dims.addDim(dim);
        }
        return TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(dims))
                .build();
    }

    private static TypeProto sequenceOfMaps(DataType keyType) {
        TypeProto.Map map = TypeProto.Map.newBuilder().setKeyType(keyType.getNumber())
                .setValueType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(DataType.FLOAT_VALUE)))
                .build();
        return TypeProto.newBuilder().setSequenceType(TypeProto.Sequence.newBuilder()
                .setElemType(TypeProto.newBuilder().setMapType(map))).build();
    }

    private static TensorProto floatTensor(String name, float[] values, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        for (float value : values) {
            tensor.addFloatData(value);
        }
        return tensor.build();
    }

    private static TensorProto int64Tensor(String name, long[] values, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(DataType.INT64_VALUE);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        for (long value : values) {
            tensor.addInt64Data(value);
        }
        return tensor.build();
    }

    private static TensorProto stringTensor(String name, String[] values, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(DataType.STRING_VALUE);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        for (String value : values) {
            tensor.addStringData(ByteString.copyFrom(value, StandardCharsets.UTF_8));
        }
        return tensor.build();
    }

    private static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    /** One graph being written; {@link #model} wraps it in a ModelProto. */
    private static final class Graph {
        private final GraphProto.Builder graph;
        private int nodeCount;

        Graph(String name) {
            graph = GraphProto.newBuilder().setName(name);
        }

        void input(String name, TypeProto type) {
            graph.addInput(ValueInfoProto.newBuilder().setName(name).setType(type));
        }

        void output(String name, TypeProto type) {
            graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(type));
        }

        void initializer(TensorProto tensor) {
            graph.addInitializer(tensor);
        }

        void node(String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
            graph.addNode(nodeOf("", op, inputs, outputs, attributes));
        }

        void mlNode(String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
            graph.addNode(nodeOf(ML_DOMAIN, op, inputs, outputs, attributes));
        }

        private NodeProto nodeOf(String domain, String op, List<String> inputs, List<String> outputs,
                AttributeProto... attributes) {
            String name = op.toLowerCase(Locale.ROOT) + "_" + nodeCount++;
            NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(op).setDomain(domain)
                    .addAllInput(inputs).addAllOutput(outputs);
            for (AttributeProto attribute : attributes) {
                node.addAttribute(attribute);
            }
            return node.build();
        }

        byte[] model(boolean usesMlOperators) {
            ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION)
                    .setProducerName("modelfleet-itests-onnx-models").setProducerVersion("1")
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                    .setGraph(graph);
            if (usesMlOperators) {
                model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(1));
            }
            return model.build().toByteArray();
        }
    }
}
