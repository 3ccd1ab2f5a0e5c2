package io.modelfleet.plugin.runtime.onnx.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo.OnnxTensorType;

/** Run results as JSON-shaped values: nested lists of numbers, booleans and strings; maps with string keys. */
final class Outputs {
    private Outputs() {
    }

    /** Every output by name, in the model's output order. */
    static Map<String, Object> toJson(OrtSession.Result result) throws OrtException {
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> output : result) {
            outputs.put(output.getKey(), toJson(output.getValue()));
        }
        return outputs;
    }

    static Object toJson(OnnxValue value) throws OrtException {
        if (value instanceof OnnxTensor tensor) {
            // Java has no unsigned byte: ORT hands uint8 back as signed bytes
            boolean unsigned = tensor.getInfo().onnxType == OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8;
            return arrayToJson(tensor.getValue(), unsigned);
        }
        if (value instanceof OnnxSequence sequence) {
            // the elements are native values of their own, not closed with the sequence
            List<? extends OnnxValue> elements = sequence.getValue();
            try {
                List<Object> json = new ArrayList<>(elements.size());
                for (OnnxValue element : elements) {
                    json.add(toJson(element));
                }
                return Collections.unmodifiableList(json);
            } finally {
                OnnxValue.close(elements);
            }
        }
        if (value instanceof OnnxMap map) {
            // sorted by key (numbers numerically), then keyed by text as JSON objects are
            Map<String, Object> json = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : new TreeMap<>(map.getValue()).entrySet()) {
                json.put(String.valueOf(entry.getKey()), entry.getValue());
            }
            return Collections.unmodifiableMap(json);
        }
        return "unsupported ONNX value " + value.getType();
    }

    private static Object arrayToJson(Object value, boolean unsigned) {
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> json = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                json.add(arrayToJson(Array.get(value, i), unsigned));
            }
            return Collections.unmodifiableList(json);
        }
        if (unsigned && value instanceof Byte b) {
            return Byte.toUnsignedInt(b);
        }
        return value;
    }
}
