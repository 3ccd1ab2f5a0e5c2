package io.modelfleet.plugin.solution.image.classification.internal;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.modelfleet.api.image.ImageContract;

/**
 * One ONNX graph from a backbone and a head, composed at the protobuf level so the edge loads and runs a single
 * model: the backbone's nodes as they are, then its embedding flattened to [batch, D], standardised with the training
 * split's per-dimension mean and deviation, and fed to the head's nodes. The head's names are prefixed so they cannot
 * collide with the backbone's; its output keeps its name. Operator sets are merged (the newer version of each domain).
 */
final class TransferGraph {
    static final String PREFIX = "head/";

    private TransferGraph() {
    }

    static ModelProto compose(ModelProto backbone, String embedding, ModelProto head, float[] mean, float[] std) {
        GraphProto back = backbone.getGraph();
        GraphProto top = head.getGraph();
        if (top.getInputCount() != 1) {
            throw new IllegalArgumentException("the head takes " + top.getInputCount() + " inputs, not 1");
        }
        String headInput = top.getInput(0).getName();
        Set<String> outputs = new HashSet<>();
        top.getOutputList().forEach(output -> outputs.add(output.getName()));
        Set<String> backboneNames = new HashSet<>();
        back.getNodeList().forEach(node -> backboneNames.addAll(node.getOutputList()));
        back.getInitializerList().forEach(tensor -> backboneNames.add(tensor.getName()));
        back.getInputList().forEach(input -> backboneNames.add(input.getName()));
        for (String output : outputs) {
            if (backboneNames.contains(output)) {
                throw new IllegalArgumentException("the backbone already has a value named '" + output
                        + "', the classifier's output");
            }
        }

        String flat = PREFIX + "embedding_flat";
        String centred = PREFIX + "embedding_centred";
        GraphProto.Builder graph = back.toBuilder().setName("backbone+head").clearOutput()
                .addAllOutput(top.getOutputList());
        graph.addInitializer(floats(PREFIX + "embedding_mean", mean));
        graph.addInitializer(floats(PREFIX + "embedding_std", std));
        graph.addNode(node("Flatten", PREFIX + "flatten", new String[] { embedding }, flat)
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)));
        graph.addNode(node("Sub", PREFIX + "centre", new String[] { flat, PREFIX + "embedding_mean" }, centred));
        graph.addNode(node("Div", PREFIX + "scale", new String[] { centred, PREFIX + "embedding_std" },
                rename(headInput, headInput, outputs)));
        for (TensorProto tensor : top.getInitializerList()) {
            graph.addInitializer(tensor.toBuilder().setName(rename(tensor.getName(), headInput, outputs)));
        }
        for (NodeProto node : top.getNodeList()) {
            NodeProto.Builder renamed = node.toBuilder().setName(PREFIX + node.getName()).clearInput().clearOutput();
            node.getInputList().forEach(name -> renamed.addInput(name.isEmpty() ? "" : rename(name, headInput, outputs)));
            node.getOutputList().forEach(name -> renamed.addOutput(name.isEmpty() ? "" : rename(name, headInput, outputs)));
            graph.addNode(renamed);
        }

        Map<String, Long> opsets = new LinkedHashMap<>();
        for (ModelProto model : new ModelProto[] { backbone, head }) {
            model.getOpsetImportList().forEach(opset -> opsets.merge(opset.getDomain(), opset.getVersion(), Math::max));
        }
        ModelProto.Builder composed = ModelProto.newBuilder()
                .setIrVersion(Math.max(backbone.getIrVersion(), head.getIrVersion()))
                .setProducerName("ModelFleet").setProducerVersion("1").setDomain(head.getDomain())
                .setModelVersion(head.getModelVersion()).setGraph(graph)
                .addAllMetadataProps(head.getMetadataPropsList());
        opsets.forEach((domain, version) -> composed.addOpsetImport(
                OnnxMl.OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
        return composed.build();
    }

    /** Largest difference of a probability the composed graph may have from backbone-then-head. */
    static final double TOLERANCE = 1e-4;

    /**
     * Runs the composed model on pre-processed images and compares its probabilities with {@code expected}
     * (backbone, then head, computed apart).
     *
     * @throws IllegalStateException when they differ by more than {@link #TOLERANCE}
     */
    static void checkAnswers(Path artifact, ImageContract contract,
            String output, List<float[]> tensors, List<double[]> expected) throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession composed;
        try {
            composed = environment.createSession(artifact.toString(), new OrtSession.SessionOptions());
        } catch (ai.onnxruntime.OrtException e) {
            // typically a backbone exported for an older operator set, whose nodes the merged set reads differently
            throw new io.modelfleet.api.InvalidInputException("the backbone cannot be composed with the classifier: "
                    + "ONNX Runtime refuses the combined graph (" + reason(e, artifact) + "); export the backbone with operator "
                    + "set " + opset(artifact) + " or newer");
        }
        try (OrtSession session = composed) {
            for (int i = 0; i < tensors.size(); i++) {
                try (OnnxTensor tensor = OnnxTensor.createTensor(environment,
                        FloatBuffer.wrap(tensors.get(i)), contract.shape());
                        OrtSession.Result result = session.run(Map.of(contract.input(), tensor),
                                Set.of(output))) {
                    float[] probabilities = ((float[][]) result.get(0).getValue())[0];
                    for (int k = 0; k < probabilities.length; k++) {
                        double difference = Math.abs(probabilities[k] - expected.get(i)[k]);
                        if (!(difference <= TOLERANCE)) {
                            throw new IllegalStateException("the composed model answers differently from backbone then "
                                    + "head (probability " + k + " of held-out image " + i + " differs by " + difference
                                    + "): the backbone's operators may not run under the merged operator set versions");
                        }
                    }
                }
            }
        }
    }

    /** ONNX Runtime's message without its error-code prefix and the run's file path. */
    private static String reason(ai.onnxruntime.OrtException e, Path artifact) {
        String message = e.getMessage() == null ? "no reason given" : e.getMessage();
        return message.replaceFirst("^Error code - \\w+ - message: ", "")
                .replace("Load model from " + artifact + " failed:", "").replace(artifact.toString(), "the model")
                .replaceAll("\\s+", " ").strip();
    }

    /** The default-domain operator set the composed model declares. */
    private static long opset(Path artifact) throws java.io.IOException {
        return ModelProto.parseFrom(java.nio.file.Files.readAllBytes(artifact)).getOpsetImportList().stream()
                .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OnnxMl.OperatorSetIdProto::getVersion).max().orElse(0);
    }

    /** Head values get the prefix; its input is what the standardisation writes; its outputs keep their names. */
    private static String rename(String name, String headInput, Set<String> outputs) {
        if (outputs.contains(name)) {
            return name;
        }
        return PREFIX + (name.equals(headInput) ? "input" : name);
    }

    private static NodeProto.Builder node(String op, String name, String[] inputs, String output) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String input : inputs) {
            node.addInput(input);
        }
        return node;
    }

    private static TensorProto floats(String name, float[] values) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).addDims(values.length);
        for (float value : values) {
            tensor.addFloatData(value);
        }
        return tensor.build();
    }
}
