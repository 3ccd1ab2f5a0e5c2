package io.modelfleet.plugin.solution.anomaly.detection.internal;

import java.util.List;
import java.util.Map;

import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

import ai.onnx.proto.OnnxMl;

/**
 * Normal behaviour as independent per-feature Gaussians fitted on the training rows. A row's distance is the mean of
 * its squared z-scores, m = mean((x - μ)² / σ²) (about 1 for a typical normal row), and its anomaly score is
 * m / (m + 1): 0 at the mean, ½ at one standard deviation on average, towards 1 far away. Scores are computed in
 * float, step by step as the exported ONNX graph does, so the trainer's held-out labels are the edge's.
 */
record DiagonalGaussian(float[] mean, float[] std) {
    static final String INPUT = "features";
    static final String OUTPUT = "score";

    /** A constant feature keeps scale 1, so a change in it still counts. */
    static DiagonalGaussian fit(List<double[]> values, List<Integer> rows) {
        int columns = values.get(rows.get(0)).length;
        double[] mean = new double[columns];
        double[] variance = new double[columns];
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
                variance[c] += d * d;
            }
        }
        float[] meanF = new float[columns];
        float[] stdF = new float[columns];
        for (int c = 0; c < columns; c++) {
            meanF[c] = (float) mean[c];
            double std = Math.sqrt(variance[c] / rows.size());
            stdF[c] = std > 1e-12 && (float) std > 0 ? (float) std : 1f;
        }
        return new DiagonalGaussian(meanF, stdF);
    }

    float score(double[] row) {
        float sum = 0f;
        for (int c = 0; c < mean.length; c++) {
            float z = ((float) row[c] - mean[c]) / std[c];
            sum += z * z;
        }
        float m = sum / mean.length;
        return m / (m + 1f);
    }

    /** features [batch, n] -> Sub μ -> Div σ -> Mul itself -> ReduceMean(axis 1) -> m / (m + 1) -> score [batch, 1] */
    OnnxMl.ModelProto toOnnx(String domain, String producerVersion) {
        ONNXContext onnx = new ONNXContext();
        onnx.setName("ModelFleet-anomaly-detection");
        ONNXPlaceholder input = onnx.floatInput(INPUT, mean.length);
        ONNXPlaceholder output = onnx.floatOutput(OUTPUT, 1);
        ONNXNode z = input.apply(ONNXOperators.SUB, onnx.array("feature_mean", mean))
                .apply(ONNXOperators.DIV, onnx.array("feature_std", std));
        ONNXNode meanSquare = z.apply(ONNXOperators.MUL, z)
                .apply(ONNXOperators.REDUCE_MEAN, Map.<String, Object>of("axes", new int[] {1}, "keepdims", 1));
        meanSquare.apply(ONNXOperators.DIV, meanSquare.apply(ONNXOperators.ADD, onnx.constant("one", 1f)))
                .assignTo(output);
        return OnnxMl.ModelProto.newBuilder()
                .setGraph(onnx.buildGraph())
                .setDomain(domain)
                .setProducerName("ModelFleet")
                .setProducerVersion(producerVersion)
                .setModelVersion(1)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setIrVersion(6)
                .setDocString("Diagonal Gaussian anomaly scorer: m / (m + 1) for m the mean squared z-score")
                .build();
    }
}
