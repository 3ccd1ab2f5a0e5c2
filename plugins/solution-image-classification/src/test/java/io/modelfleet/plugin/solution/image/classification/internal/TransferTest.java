package io.modelfleet.plugin.solution.image.classification.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.image.ImageContract;
import io.modelfleet.api.image.ImageLimits;
import io.modelfleet.api.image.Images;
import io.modelfleet.api.spi.runtime.FloatTensor;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;
import io.modelfleet.api.spi.solution.FileData;
import io.modelfleet.api.spi.solution.InputModel;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainedModel.HeldOutPrediction;
import io.modelfleet.itests.harness.Digits;
import io.modelfleet.testkit.RecordingContext;
import io.modelfleet.itests.onnx.OnnxModels;
import io.modelfleet.plugin.runtime.onnx.internal.OnnxInferenceRuntime;

/** Transfer learning on a convolutional backbone built in code ({@link OnnxModels#imageBackbone}). */
class TransferTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();
    private final ImageClassificationSolution solution = new ImageClassificationSolution();
    @TempDir
    Path temp;

    /** 8×8 grey digits → Conv 3×3 (16 filters) → ReLU → MaxPool 2×2 → 256-value embedding. */
    private InputModel digitsBackbone(Map<String, String> metadata) throws Exception {
        Path file = temp.resolve("backbone.onnx");
        Files.write(file, OnnxModels.imageBackbone(1, 8, 16, new int[0][], false, 11));
        return new InputModel("digits-backbone:1", metadata, file);
    }

    private static Map<String, String> backboneMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>(
                new ImageContract(OnnxModels.BACKBONE_INPUT, 8, 8, 1, "NCHW", new double[] { 0.3 },
                        new double[] { 0.4 }).metadata());
        metadata.put(Backbone.EMBEDDING, OnnxModels.EMBEDDING);
        return metadata;
    }

    @Test
    void theComposedModelAnswersAsBackboneThenHeadOnEveryHeldOutImage() throws Exception {
        List<Digits.Digit> all = Digits.load();
        Map<String, byte[]> pngs = new HashMap<>();
        all.forEach(d -> pngs.put(d.key(), d.png()));
        FileData digits = Digits.files(all);
        RecordingContext context = new RecordingContext("{\"method\":\"transfer\",\"backbone\":\"digits-backbone:1\"}",
                7, Files.createDirectories(temp.resolve("work")))
                .withInputModel(Parameters.BACKBONE, digitsBackbone(backboneMetadata()));
        TrainedModel model = solution.train(digits, context);

        double accuracy = model.metrics().get("accuracy");
        System.out.println("digits (transfer, random conv backbone): held-out accuracy " + accuracy);
        assertTrue(accuracy >= 0.9, "held-out accuracy " + accuracy);
        // the edge pre-processes by the backbone's contract, into the backbone's input
        ImageContract contract = ImageContract.of(model.contract());
        assertEquals(new ImageContract(OnnxModels.BACKBONE_INPUT, 8, 8, 1, "NCHW", new double[] { 0.3 },
                new double[] { 0.4 }), contract);
        assertEquals("digits-backbone:1", model.contract().get("backbone"));
        assertTrue(context.log.stream().anyMatch(line -> line.startsWith("the composed model answers as backbone")));

        // one graph; the edge's own path (runtime-onnx, a FloatTensor of the pre-processed PNG) gives every held-out
        // image the label and score the trainer's backbone-then-head gave it
        OnnxMl.ModelProto composed = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model.artifact()));
        assertEquals(List.of(OnnxModels.BACKBONE_INPUT), composed.getGraph().getInputList().stream()
                .map(OnnxMl.ValueInfoProto::getName).toList());
        try (LoadedModel loaded = new OnnxInferenceRuntime().load(model.artifact(), model.contract())) {
            for (HeldOutPrediction row : model.heldOut()) {
                BufferedImage image = Images.decode(pngs.get(row.values().get(0)), ImageLimits.DEFAULT);
                Prediction prediction = loaded.predict(Map.of(contract.input(),
                        new FloatTensor(contract.shape(), Images.tensor(image, contract))));
                assertEquals(row.predicted(), prediction.label(), row.toString());
                assertEquals(row.score(), prediction.score(), 1e-4, row.toString());
            }
        }
    }

    @Test
    void composingEqualsRunningBackboneAndHeadApart() throws Exception {
        byte[] backbone = OnnxModels.imageBackbone(3, 32, 8, new int[][] { { 16, 2 }, { 24, 1 } }, true, 5);
        int dimension = 24;
        float[][] weights = OnnxModels.randomWeights(dimension, 4, 9);
        float[] bias = { 0.1f, -0.2f, 0.3f, 0f };
        byte[] head = OnnxModels.linearClassifier(weights, bias);
        Random random = new Random(3);
        float[] mean = new float[dimension];
        float[] std = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            mean[d] = random.nextFloat();
            std[d] = 0.5f + random.nextFloat();
        }
        byte[] composed = TransferGraph.compose(OnnxMl.ModelProto.parseFrom(backbone), OnnxModels.EMBEDDING,
                OnnxMl.ModelProto.parseFrom(head), mean, std).toByteArray();

        try (OrtSession back = ORT.createSession(backbone); OrtSession top = ORT.createSession(head);
                OrtSession one = ORT.createSession(composed)) {
            assertEquals(Set.of(OnnxModels.BACKBONE_INPUT), one.getInputNames());
            assertEquals(Set.of(OnnxModels.PROBABILITIES), one.getOutputNames());
            long[] shape = { 5, 3, 32, 32 };
            float[] images = new float[5 * 3 * 32 * 32];
            for (int i = 0; i < images.length; i++) {
                images[i] = (float) random.nextGaussian();
            }
            float[][] embeddings = run(back, OnnxModels.BACKBONE_INPUT, images, shape);
            float[] standardised = new float[5 * dimension];
            for (int n = 0; n < 5; n++) {
                for (int d = 0; d < dimension; d++) {
                    standardised[n * dimension + d] = (embeddings[n][d] - mean[d]) / std[d];
                }
            }
            float[][] apart = run(top, OnnxModels.FEATURES, standardised, new long[] { 5, dimension });
            float[][] together = run(one, OnnxModels.BACKBONE_INPUT, images, shape);
            for (int n = 0; n < 5; n++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(apart[n][k], together[n][k], 1e-4, "image " + n + ", class " + k);
                }
            }
        }
    }

    @Test
    void aBackboneWithoutContractOrEmbeddingIsRefusedSayingWhatItLacks() throws Exception {
        FileData digits = Digits.files(Digits.load().subList(0, 40));
        String parameters = "{\"method\":\"transfer\",\"backbone\":\"digits-backbone:1\"}";
        Map<String, String> noEmbedding = new LinkedHashMap<>(backboneMetadata());
        noEmbedding.remove(Backbone.EMBEDDING);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> solution.train(digits,
                new RecordingContext(parameters, 1, Files.createDirectories(temp.resolve("a")))
                        .withInputModel(Parameters.BACKBONE, digitsBackbone(noEmbedding))));
        assertEquals("backbone digits-backbone:1 does not name its embedding output (metadata 'embedding')", e.detail());

        e = assertThrows(InvalidInputException.class, () -> solution.train(digits,
                new RecordingContext(parameters, 1, Files.createDirectories(temp.resolve("b")))
                        .withInputModel(Parameters.BACKBONE, digitsBackbone(Map.of(Backbone.EMBEDDING, "embedding")))));
        assertTrue(e.detail().startsWith("backbone digits-backbone:1 is no feature extractor"), e.detail());

        Map<String, String> wrongSize = new LinkedHashMap<>(backboneMetadata());
        wrongSize.put(ImageContract.WIDTH, "16");
        e = assertThrows(InvalidInputException.class, () -> solution.train(digits,
                new RecordingContext(parameters, 1, Files.createDirectories(temp.resolve("c")))
                        .withInputModel(Parameters.BACKBONE, digitsBackbone(wrongSize))));
        assertTrue(e.detail().contains("the contract says NCHW [1, 1, 8, 16]"), e.detail());

        e = assertThrows(InvalidInputException.class, () -> solution.train(digits,
                new RecordingContext(parameters, 1, Files.createDirectories(temp.resolve("d")))));
        assertTrue(e.detail().startsWith("method transfer needs a backbone"), e.detail());

        e = assertThrows(InvalidInputException.class, () -> Parameters.parse("{\"method\":\"transfer\"}"));
        assertEquals(Set.of("parameters.backbone"), e.fields().keySet());
    }

    @Test
    void aBackboneForAnOlderOperatorSetThatTheMergedSetReadsDifferentlyFailsTheRunSayingSo() throws Exception {
        // opset 11: Unsqueeze/Squeeze take their axes as attributes (inputs from opset 13, the classifier's)
        OnnxMl.ModelProto modern = OnnxMl.ModelProto.parseFrom(OnnxModels.imageBackbone(1, 8, 16, new int[0][], false, 11));
        OnnxMl.GraphProto.Builder graph = modern.getGraph().toBuilder();
        String flat = OnnxModels.EMBEDDING + "_flat";
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (graph.getNode(i).getOutput(0).equals(OnnxModels.EMBEDDING)) {
                graph.setNode(i, graph.getNode(i).toBuilder().setOutput(0, flat));
            }
        }
        OnnxMl.AttributeProto axes = OnnxMl.AttributeProto.newBuilder().setName("axes")
                .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(2).build();
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Unsqueeze").setName("unsqueeze").addInput(flat)
                .addOutput("expanded").addAttribute(axes));
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Squeeze").setName("squeeze").addInput("expanded")
                .addOutput(OnnxModels.EMBEDDING).addAttribute(axes));
        OnnxMl.ModelProto old = modern.toBuilder().setGraph(graph).clearOpsetImport()
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(11)).build();
        Path file = temp.resolve("old-backbone.onnx");
        Files.write(file, old.toByteArray());

        FileData digits = Digits.files(Digits.load().subList(0, 200));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> solution.train(digits,
                new RecordingContext("{\"method\":\"transfer\",\"backbone\":\"old:1\"}", 1,
                        Files.createDirectories(temp.resolve("old")))
                        .withInputModel(Parameters.BACKBONE, new InputModel("old:1", backboneMetadata(), file))));
        assertTrue(e.detail().startsWith("the backbone cannot be composed with the classifier: ONNX Runtime refuses"),
                e.detail());
        assertTrue(e.detail().endsWith("export the backbone with operator set 13 or newer"), e.detail());
        assertTrue(e.detail().contains("Unsqueeze"), "names the node: " + e.detail());
        assertTrue(!e.detail().contains("ai.onnxruntime") && !e.detail().contains("Exception")
                && !e.detail().contains(temp.toString()), e.detail());
    }

    private static float[][] run(OrtSession session, String input, float[] values, long[] shape) throws Exception {
        try (OnnxTensor tensor = OnnxTensor.createTensor(ORT, FloatBuffer.wrap(values), shape);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return (float[][]) result.get(0).getValue();
        }
    }
}
