package io.modelfleet.plugin.solution.image.classification.internal;

import java.util.List;

/**
 * Per-dimension mean and deviation of the training split's embeddings: backbones differ widely in scale, and SGD
 * learns well only on standardised inputs. The exported graph applies the same (x - mean) / std in float.
 */
record Standardisation(double[] mean, double[] std) {

    static Standardisation of(List<float[]> rows, List<Integer> train) {
        int dimension = rows.get(train.get(0)).length;
        double[] mean = new double[dimension];
        double[] std = new double[dimension];
        for (int n : train) {
            float[] row = rows.get(n);
            if (row.length != dimension) {
                throw new IllegalStateException("the backbone gave embeddings of " + dimension + " and " + row.length
                        + " values");
            }
            for (int d = 0; d < dimension; d++) {
                mean[d] += row[d];
            }
        }
        for (int d = 0; d < dimension; d++) {
            mean[d] /= train.size();
        }
        for (int n : train) {
            float[] row = rows.get(n);
            for (int d = 0; d < dimension; d++) {
                std[d] += (row[d] - mean[d]) * (row[d] - mean[d]);
            }
        }
        for (int d = 0; d < dimension; d++) {
            double deviation = Math.sqrt(std[d] / train.size());
            // float: the graph computes in float, and so does the training, so both see the same inputs
            std[d] = (float) (deviation > 1e-6 ? deviation : 1);
            mean[d] = (float) mean[d];
        }
        return new Standardisation(mean, std);
    }

    /** One embedding standardised exactly as the exported graph does it (float arithmetic). */
    double[] apply(float[] row) {
        double[] values = new double[row.length];
        for (int d = 0; d < row.length; d++) {
            values[d] = (row[d] - (float) mean[d]) / (float) std[d];
        }
        return values;
    }

    float[] floatMean() {
        return floats(mean);
    }

    float[] floatStd() {
        return floats(std);
    }

    private static float[] floats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
