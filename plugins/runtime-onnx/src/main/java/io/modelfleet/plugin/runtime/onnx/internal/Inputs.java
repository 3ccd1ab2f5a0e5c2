package io.modelfleet.plugin.runtime.onnx.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ai.onnxruntime.NodeInfo;
import io.modelfleet.api.spi.runtime.FloatTensor;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import ai.onnxruntime.platform.Fp16Conversions;

/**
 * A model's inputs, and how JSON-shaped values (numbers, booleans, strings, nested lists) become tensors of the
 * declared element type and shape. Values that do not fit are the caller's mistake: {@link IllegalArgumentException}
 * naming the input and what it expects.
 */
final class Inputs {
    /** The ONNX element types ORT's Java API can create tensors of (it maps uint16/32/64 to signed Java types). */
    private static final Set<OnnxTensorType> SUPPORTED = EnumSet.of(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT,
            OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16,
            OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8,
            OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16,
            OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64,
            OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING);

    /** Metadata keys naming the input that takes one row of named feature values, and its columns in order. */
    static final String INPUT = "input";
    static final String COLUMNS = "columns";

    private final Map<String, TensorInfo> declared;
    private final Map<String, Object> sample;
    /** The input fed from named columns, or null when the metadata names no columns. */
    private final String columnsInput;
    private final List<String> columns;

    private Inputs(Map<String, TensorInfo> declared, String columnsInput, List<String> columns) {
        this.declared = declared;
        this.columnsInput = columnsInput;
        this.columns = columns;
        Map<String, Object> zeros = new LinkedHashMap<>();
        declared.forEach((name, info) -> zeros.put(name, zeros(info)));
        this.sample = Collections.unmodifiableMap(zeros);
    }

    /** @throws IllegalArgumentException when an input is not a tensor of a type JSON values can be turned into */
    static Inputs of(Map<String, NodeInfo> inputs) {
        return of(inputs, Map.of());
    }

    /**
     * With metadata {@code columns} (comma-separated feature names) the model also takes one row as named values,
     * {@code {"sepal_length": 5.1, ...}}, fed to the input {@code input} names (or the only input) as a [1, n] tensor
     * in {@code columns} order.
     *
     * @throws IllegalArgumentException when an input is not a tensor of a type JSON values can be turned into, or the
     *         metadata's {@code input}/{@code columns} do not fit the model
     */
    static Inputs of(Map<String, NodeInfo> inputs, Map<String, String> metadata) {
        Map<String, TensorInfo> declared = new LinkedHashMap<>();
        for (NodeInfo node : inputs.values()) {
            if (!(node.getInfo() instanceof TensorInfo tensor)) {
                throw new IllegalArgumentException("input '" + node.getName() + "' is a "
                        + Signatures.spec(node.getName(), node.getInfo()).elementType()
                        + ": only tensor inputs can be given as JSON");
            }
            if (!SUPPORTED.contains(tensor.onnxType)) {
                throw new IllegalArgumentException("input '" + node.getName() + "' has element type "
                        + Signatures.elementType(tensor) + ", which ONNX Runtime's Java API cannot create");
            }
            declared.put(node.getName(), tensor);
        }
        Map<String, String> settings = metadata == null ? Map.of() : metadata;
        String columnList = settings.getOrDefault(COLUMNS, "").strip();
        if (columnList.isEmpty()) {
            return new Inputs(declared, null, List.of());
        }
        List<String> columns = Arrays.stream(columnList.split(",", -1)).map(String::strip).toList();
        if (columns.contains("") || Set.copyOf(columns).size() != columns.size()) {
            throw new IllegalArgumentException("metadata '" + COLUMNS + "' must be distinct, non-empty names separated "
                    + "by commas, not '" + columnList + "'");
        }
        String input = settings.getOrDefault(INPUT, "").strip();
        if (input.isEmpty()) {
            if (declared.size() != 1) {
                throw new IllegalArgumentException("metadata '" + COLUMNS + "' needs '" + INPUT + "' to say which of "
                        + "the model's inputs " + declared.keySet() + " takes them");
            }
            input = declared.keySet().iterator().next();
        }
        TensorInfo info = declared.get(input);
        if (info == null) {
            throw new IllegalArgumentException("metadata '" + INPUT + "' names '" + input + "', which is not one of "
                    + "the model's inputs " + declared.keySet());
        }
        long[] shape = info.getShape();
        if (shape.length != 2 || !(shape[0] == -1 || shape[0] == 1) || !(shape[1] == -1 || shape[1] == columns.size())
                || info.onnxType == OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING
                || info.onnxType == OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL) {
            throw new IllegalArgumentException("metadata '" + COLUMNS + "' lists " + columns.size()
                    + " numeric columns, but input '" + input + "' takes " + Signatures.elementType(info) + " "
                    + Arrays.toString(shape));
        }
        return new Inputs(declared, input, columns);
    }

    /** Zeros (false, "") of each input's shape, dynamic dimensions as 1. */
    Map<String, Object> sample() {
        return sample;
    }

    /** The tensors to run; the caller closes them. */
    Map<String, OnnxTensor> tensors(OrtEnvironment environment, Map<String, Object> given) throws OrtException {
        Map<String, Object> values = resolve(given);
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Object> input : values.entrySet()) {
                tensors.put(input.getKey(), tensor(environment, input.getKey(), declared.get(input.getKey()),
                        input.getValue()));
            }
            return tensors;
        } catch (RuntimeException | OrtException e) {
            OnnxValue.close(tensors);
            throw e;
        }
    }

    /**
     * Input name to value; a lone input may come under the key "". When the metadata names columns and a key is
     * neither an input nor "", the map is one row of named feature values.
     */
    private Map<String, Object> resolve(Map<String, Object> given) {
        if (given == null || given.isEmpty()) {
            throw new IllegalArgumentException("no inputs given; the model takes " + describeAll());
        }
        if (columnsInput != null
                && !given.keySet().stream().allMatch(key -> key.isEmpty() || declared.containsKey(key))) {
            return Map.of(columnsInput, row(given));
        }
        if (declared.size() == 1 && given.size() == 1 && given.containsKey("")) {
            return Map.of(declared.keySet().iterator().next(), valueOf("", given));
        }
        for (String name : given.keySet()) {
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException("unknown input '" + name + "'; the model takes " + describeAll());
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : declared.keySet()) {
            if (!given.containsKey(name)) {
                throw new IllegalArgumentException("missing input '" + name + "': expected " + describe(name));
            }
            values.put(name, valueOf(name, given));
        }
        return values;
    }

    /** One row [[v1, ..., vn]] in column order from named numbers. */
    private List<List<Number>> row(Map<String, Object> given) {
        for (String name : given.keySet()) {
            if (!columns.contains(name)) {
                throw new IllegalArgumentException("unknown column '" + name + "'; the model takes the columns "
                        + String.join(", ", columns) + " (or its inputs " + describeAll() + ")");
            }
        }
        List<Number> row = new ArrayList<>(columns.size());
        for (String name : columns) {
            Object value = given.get(name);
            if (value == null) {
                throw new IllegalArgumentException((given.containsKey(name) ? "column '" + name + "' is null"
                        : "missing column '" + name + "'") + ": the model takes the numeric columns "
                        + String.join(", ", columns));
            }
            if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                String shown = value instanceof String string ? '"' + string + '"' : String.valueOf(value);
                throw new IllegalArgumentException("column '" + name + "' must be a finite number, not " + shown);
            }
            row.add(number);
        }
        return List.of(row);
    }

    private Object valueOf(String key, Map<String, Object> given) {
        Object value = given.get(key);
        if (value == null) {
            String name = key.isEmpty() ? declared.keySet().iterator().next() : key;
            throw new IllegalArgumentException("input '" + name + "' is null: expected " + describe(name));
        }
        return value;
    }

    private String describe(String name) {
        TensorInfo info = declared.get(name);
        return Signatures.elementType(info) + " " + Arrays.toString(info.getShape());
    }

    private String describeAll() {
        return declared.keySet().stream().map(name -> name + " (" + describe(name) + ")")
                .collect(Collectors.joining(", "));
    }

    private OnnxTensor tensor(OrtEnvironment environment, String name, TensorInfo info, Object value)
            throws OrtException {
        if (value instanceof FloatTensor given) {
            if (info.onnxType != OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
                throw new IllegalArgumentException("input '" + name + "' takes " + describe(name)
                        + ", not float values");
            }
            float[] data = given.data();
            for (float v : data) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("input '" + name + "' holds a value that is not finite");
                }
            }
            return OnnxTensor.createTensor(environment, FloatBuffer.wrap(data), fit(name, info, given.shape()));
        }
        List<Long> dimensions = new ArrayList<>();
        for (Object level = value; level instanceof List<?> list; level = list.isEmpty() ? null : list.get(0)) {
            dimensions.add((long) list.size());
        }
        long[] givenShape = dimensions.stream().mapToLong(Long::longValue).toArray();
        List<Object> leaves = new ArrayList<>();
        collect(name, value, givenShape, 0, leaves);
        long[] shape = fit(name, info, givenShape);
        Leaves elements = new Leaves(name, describe(name), leaves, shape);
        int n = leaves.size();
        switch (info.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> {
                float[] data = new float[n];
                for (int i = 0; i < n; i++) {
                    data[i] = (float) elements.finite(i, elements.number(i).floatValue());
                }
                return OnnxTensor.createTensor(environment, FloatBuffer.wrap(data), shape);
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> {
                double[] data = new double[n];
                for (int i = 0; i < n; i++) {
                    data[i] = elements.finite(i, elements.number(i).doubleValue());
                }
                return OnnxTensor.createTensor(environment, DoubleBuffer.wrap(data), shape);
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16, ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> {
                boolean half = info.onnxType == OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16;
                short[] data = new short[n];
                for (int i = 0; i < n; i++) {
                    float number = elements.number(i).floatValue();
                    data[i] = half ? Fp16Conversions.floatToFp16(number) : Fp16Conversions.floatToBf16(number);
                    elements.finite(i, half ? Fp16Conversions.fp16ToFloat(data[i])
                            : Fp16Conversions.bf16ToFloat(data[i]));
                }
                return OnnxTensor.createTensor(environment, ShortBuffer.wrap(data), shape,
                        half ? OnnxJavaType.FLOAT16 : OnnxJavaType.BFLOAT16);
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> {
                long[] data = new long[n];
                for (int i = 0; i < n; i++) {
                    data[i] = elements.integer(i, Long.MIN_VALUE, Long.MAX_VALUE);
                }
                return OnnxTensor.createTensor(environment, LongBuffer.wrap(data), shape);
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> {
                int[] data = new int[n];
                for (int i = 0; i < n; i++) {
                    data[i] = (int) elements.integer(i, Integer.MIN_VALUE, Integer.MAX_VALUE);
                }
                return OnnxTensor.createTensor(environment, IntBuffer.wrap(data), shape);
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> {
                short[] data = new short[n];
                for (int i = 0; i < n; i++) {
                    data[i] = (short) elements.integer(i, Short.MIN_VALUE, Short.MAX_VALUE);
                }
                return OnnxTensor.createTensor(environment, ShortBuffer.wrap(data), shape);
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8, ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> {
                boolean unsigned = info.onnxType == OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8;
                byte[] data = new byte[n];
                for (int i = 0; i < n; i++) {
                    data[i] = (byte) (unsigned ? elements.integer(i, 0, 255)
                            : elements.integer(i, Byte.MIN_VALUE, Byte.MAX_VALUE));
                }
                return OnnxTensor.createTensor(environment, ByteBuffer.wrap(data), shape,
                        unsigned ? OnnxJavaType.UINT8 : OnnxJavaType.INT8);
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> {
                byte[] data = new byte[n];
                for (int i = 0; i < n; i++) {
                    data[i] = elements.bool(i) ? (byte) 1 : (byte) 0;
                }
                return OnnxTensor.createTensor(environment, ByteBuffer.wrap(data), shape, OnnxJavaType.BOOL);
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> {
                String[] data = new String[n];
                for (int i = 0; i < n; i++) {
                    data[i] = elements.string(i);
                }
                return OnnxTensor.createTensor(environment, data, shape);
            }
            default -> throw new IllegalStateException("unsupported input type " + info.onnxType); // refused in of()
        }
    }

    /** Gathers the leaves in row-major order, checking the nesting is rectangular. */
    private void collect(String name, Object value, long[] shape, int depth, List<Object> leaves) {
        if (depth == shape.length) {
            if (value instanceof List<?>) {
                throw notRectangular(name);
            }
            leaves.add(value);
            return;
        }
        if (!(value instanceof List<?> list) || list.size() != shape[depth]) {
            throw notRectangular(name);
        }
        for (Object element : list) {
            collect(name, element, shape, depth + 1, leaves);
        }
    }

    private IllegalArgumentException notRectangular(String name) {
        return new IllegalArgumentException("input '" + name + "' must be a rectangular nesting of lists: expected "
                + describe(name));
    }

    /**
     * The shape to create: the given one where it matches the declaration, dynamic (-1) dimensions taking the given
     * size; one row without the batch dimension is accepted for a [-1, ...] or [1, ...] input.
     */
    private long[] fit(String name, TensorInfo info, long[] given) {
        long[] declaredShape = info.getShape();
        long[] shape = given;
        if (given.length == declaredShape.length - 1 && (declaredShape[0] == -1 || declaredShape[0] == 1)) {
            shape = new long[declaredShape.length];
            shape[0] = 1;
            System.arraycopy(given, 0, shape, 1, given.length);
        }
        boolean fits = shape.length == declaredShape.length;
        for (int i = 0; fits && i < shape.length; i++) {
            fits = declaredShape[i] < 0 || declaredShape[i] == shape[i];
        }
        if (!fits) {
            throw new IllegalArgumentException("input '" + name + "' expects " + describe(name) + ", got "
                    + (given.length == 0 ? "a single value" : "a value of shape " + Arrays.toString(given)));
        }
        return shape;
    }

    private static Object zeros(TensorInfo info) {
        Object zero = switch (info.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE,
                    ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16, ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> 0.0;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> false;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> "";
            default -> 0;
        };
        long[] shape = info.getShape();
        Object value = zero;
        for (int i = shape.length - 1; i >= 0; i--) {
            value = Collections.nCopies((int) Math.max(shape[i], 1), value);
        }
        return value;
    }

    /** One input's leaves, read as the element type needs, with errors that say where the bad element is. */
    private record Leaves(String input, String expected, List<Object> values, long[] shape) {

        Number number(int index) {
            if (values.get(index) instanceof Number number) {
                return number;
            }
            throw wrong(index, "not a number");
        }

        /** The element as the tensor holds it: a number too large for the element type is refused, not infinity. */
        double finite(int index, double converted) {
            if (!Double.isFinite(converted)) {
                throw wrong(index, "too large for the element type");
            }
            return converted;
        }

        long integer(int index, long min, long max) {
            Object value = values.get(index);
            BigDecimal exact = null;
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                exact = BigDecimal.valueOf(((Number) value).longValue());
            } else if (value instanceof BigInteger big) {
                exact = new BigDecimal(big);
            } else if (value instanceof BigDecimal big) {
                exact = big;
            } else if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
                exact = BigDecimal.valueOf(number.doubleValue()); // 3.0 from JSON is an integer, 2.5 is not
            }
            if (exact == null || exact.stripTrailingZeros().scale() > 0 || exact.compareTo(BigDecimal.valueOf(min)) < 0
                    || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw wrong(index, "not an integer in [" + min + ", " + max + "]");
            }
            return exact.longValueExact();
        }

        boolean bool(int index) {
            Object value = values.get(index);
            if (value instanceof Boolean bool) {
                return bool;
            }
            if (value instanceof Number number && (number.doubleValue() == 0 || number.doubleValue() == 1)) {
                return number.doubleValue() == 1;
            }
            throw wrong(index, "not a boolean");
        }

        String string(int index) {
            if (values.get(index) instanceof String string) {
                return string;
            }
            throw wrong(index, "not a string");
        }

        private IllegalArgumentException wrong(int index, String problem) {
            Object value = values.get(index);
            String shown = value instanceof String string ? '"' + string + '"' : String.valueOf(value);
            return new IllegalArgumentException("input '" + input + "' expects " + expected + ": element "
                    + position(index) + " is " + shown + ", " + problem);
        }

        /** The flat index as [i, j, ...] in the given shape. */
        private String position(int index) {
            long[] at = new long[shape.length];
            long rest = index;
            for (int d = shape.length - 1; d >= 0; d--) {
                at[d] = shape[d] == 0 ? 0 : rest % shape[d];
                rest = shape[d] == 0 ? rest : rest / shape[d];
            }
            return Arrays.toString(at);
        }
    }
}
