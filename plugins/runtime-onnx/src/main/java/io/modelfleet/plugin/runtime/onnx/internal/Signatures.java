package io.modelfleet.plugin.runtime.onnx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.TensorSpec;

/** A session's inputs and outputs as a {@link ModelSignature}, with ONNX's element type names. */
final class Signatures {
    private static final String TENSOR_TYPE_PREFIX = "ONNX_TENSOR_ELEMENT_DATA_TYPE_";

    private Signatures() {
    }

    static ModelSignature of(OrtSession session) throws OrtException {
        return new ModelSignature(specs(session.getInputInfo()), specs(session.getOutputInfo()));
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>(nodes.size());
        for (NodeInfo node : nodes.values()) {
            specs.add(spec(node.getName(), node.getInfo()));
        }
        return specs;
    }

    static TensorSpec spec(String name, ValueInfo info) {
        if (info instanceof TensorInfo tensor) {
            List<Long> shape = new ArrayList<>();
            for (long dimension : tensor.getShape()) {
                shape.add(dimension); // ORT reports dynamic and symbolic dimensions as -1
            }
            return new TensorSpec(name, elementType(tensor), shape);
        }
        return new TensorSpec(name, typeName(info), List.of());
    }

    /** "float", "int64", "string", "uint8", "float16" ...: ONNX's names, which ORT's Java types do not all have. */
    static String elementType(TensorInfo tensor) {
        String constant = tensor.onnxType.name();
        return (constant.startsWith(TENSOR_TYPE_PREFIX) ? constant.substring(TENSOR_TYPE_PREFIX.length()) : constant)
                .toLowerCase(Locale.ROOT);
    }

    /** A non-tensor value as ONNX writes it, e.g. {@code seq(map(int64,float))}. */
    private static String typeName(ValueInfo info) {
        if (info instanceof SequenceInfo sequence) {
            return "seq(" + (sequence.isSequenceOfMaps() ? typeName(sequence.mapInfo) : name(sequence.sequenceType))
                    + ")";
        }
        if (info instanceof MapInfo map) {
            return "map(" + name(map.keyType) + "," + name(map.valueType) + ")";
        }
        return info.getClass().getSimpleName();
    }

    private static String name(OnnxJavaType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
