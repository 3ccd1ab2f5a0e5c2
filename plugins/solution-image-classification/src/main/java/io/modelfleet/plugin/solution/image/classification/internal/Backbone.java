package io.modelfleet.plugin.solution.image.classification.internal;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.image.ImageContract;
import io.modelfleet.api.spi.solution.InputModel;

/**
 * A registered feature extractor, run with ONNX Runtime to turn pre-processed images into embeddings. Its metadata
 * holds the image contract ({@link ImageContract}: input, size, channels, layout, mean/std) and names the embedding
 * output under {@value #EMBEDDING}; the output may be [batch, D] or any [batch, ...] shape, flattened per image.
 */
final class Backbone implements AutoCloseable {
    /** Metadata key naming the output that holds the embedding. */
    static final String EMBEDDING = "embedding";
    /** Images per ONNX Runtime call when the backbone's batch dimension is dynamic. */
    static final int BATCH = 32;

    private final String reference;
    private final ImageContract contract;
    private final String output;
    private final OrtEnvironment environment;
    private final OrtSession session;
    /** Images per call; a backbone exported with a fixed batch size gets exactly that many (padded with zeros). */
    private final int batch;
    private final boolean fixedBatch;
    private final OnnxMl.ModelProto proto;

    private Backbone(String reference, ImageContract contract, String output, OrtEnvironment environment,
            OrtSession session, int batch, boolean fixedBatch, OnnxMl.ModelProto proto) {
        this.reference = reference;
        this.contract = contract;
        this.output = output;
        this.environment = environment;
        this.session = session;
        this.batch = batch;
        this.fixedBatch = fixedBatch;
        this.proto = proto;
    }

    /** @throws InvalidInputException when the model is no usable feature extractor, saying what it lacks */
    static Backbone open(InputModel model) throws Exception {
        String name = "backbone " + model.reference();
        ImageContract contract;
        try {
            contract = ImageContract.of(model.metadata());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name + ": " + e.getMessage());
        }
        if (contract == null || contract.input().isBlank()) {
            throw new InvalidInputException(name + " is no feature extractor: its metadata needs the image contract "
                    + "(input, " + ImageContract.WIDTH + ", " + ImageContract.HEIGHT + ", " + ImageContract.CHANNELS
                    + ", " + ImageContract.LAYOUT + ", " + ImageContract.MEAN + ", " + ImageContract.STD + ") and '"
                    + EMBEDDING + "', the name of its embedding output");
        }
        String output = model.metadata().getOrDefault(EMBEDDING, "").strip();
        if (output.isEmpty()) {
            throw new InvalidInputException(name + " does not name its embedding output (metadata '" + EMBEDDING + "')");
        }
        // read once: the protobuf is composed with the head, the same bytes run in ONNX Runtime
        byte[] bytes = Files.readAllBytes(model.file());
        OnnxMl.ModelProto proto;
        try {
            proto = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new InvalidInputException(name + " is not an ONNX model");
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try {
            session = environment.createSession(bytes, new OrtSession.SessionOptions());
        } catch (OrtException e) {
            throw new InvalidInputException(name + " cannot be loaded by ONNX Runtime: " + e.getMessage());
        }
        try {
            NodeInfo input = session.getInputInfo().get(contract.input());
            if (input == null || !(input.getInfo() instanceof TensorInfo tensor)) {
                throw new InvalidInputException(name + " has no tensor input '" + contract.input() + "' (it has "
                        + session.getInputNames() + ")");
            }
            if (session.getInputNames().size() != 1) {
                throw new InvalidInputException(name + " takes " + session.getInputNames().size()
                        + " inputs; a backbone takes the image only");
            }
            long[] shape = tensor.getShape();
            long[] expected = contract.shape();
            if (shape.length != expected.length) {
                throw new InvalidInputException(name + ": input '" + contract.input() + "' has " + shape.length
                        + " dimensions; the contract's " + contract.layout() + " image has 4");
            }
            for (int d = 1; d < shape.length; d++) {
                if (shape[d] > 0 && shape[d] != expected[d]) {
                    throw new InvalidInputException(name + ": input '" + contract.input() + "' has shape "
                            + java.util.Arrays.toString(shape) + ", the contract says " + contract.layout() + " "
                            + java.util.Arrays.toString(expected));
                }
            }
            if (!session.getOutputNames().contains(output)) {
                throw new InvalidInputException(name + " has no output '" + output + "' (it has "
                        + session.getOutputNames() + ")");
            }
            boolean fixedBatch = shape[0] > 0;
            return new Backbone(model.reference(), contract, output, environment, session,
                    fixedBatch ? (int) shape[0] : BATCH, fixedBatch, proto);
        } catch (RuntimeException | OrtException e) {
            session.close();
            throw e;
        }
    }

    String reference() {
        return reference;
    }

    ImageContract contract() {
        return contract;
    }

    String output() {
        return output;
    }

    OnnxMl.ModelProto proto() {
        return proto;
    }

    /** The embeddings of pre-processed images ({@link io.modelfleet.api.image.Images#tensor}), one row each. */
    float[][] embed(List<float[]> tensors) throws OrtException {
        List<float[]> rows = new ArrayList<>(tensors.size());
        int size = contract.size();
        for (int start = 0; start < tensors.size(); start += batch) {
            int count = Math.min(batch, tensors.size() - start);
            int rowsInCall = fixedBatch ? batch : count;
            float[] input = new float[rowsInCall * size];
            for (int i = 0; i < count; i++) {
                System.arraycopy(tensors.get(start + i), 0, input, i * size, size);
            }
            long[] shape = contract.shape();
            shape[0] = rowsInCall;
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), shape);
                    OrtSession.Result result = session.run(Map.of(contract.input(), tensor), java.util.Set.of(output))) {
                OnnxTensor embedding = (OnnxTensor) result.get(0);
                FloatBuffer values = embedding.getFloatBuffer();
                int dimension = values.remaining() / rowsInCall;
                for (int i = 0; i < count; i++) {
                    float[] row = new float[dimension];
                    values.get(i * dimension, row);
                    rows.add(row);
                }
            }
        }
        return rows.toArray(new float[0][]);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing to release beyond the native session
        }
    }
}
