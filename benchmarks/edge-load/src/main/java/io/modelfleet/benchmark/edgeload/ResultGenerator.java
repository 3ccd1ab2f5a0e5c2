package io.modelfleet.benchmark.edgeload;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Synthetic inference results, shared by the HTTP ingest and the JDBC baseline so both store the same shape. */
final class ResultGenerator {

    static final String MODEL_VERSION = "v1.0";
    static final String[] LABELS = {"ok", "defect", "unknown"};

    record Result(long seq, Instant time, String label, double score, Map<String, Double> probabilities,
                  double latencyMs) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", seq);
            m.put("time", time.toString());
            m.put("modelVersion", MODEL_VERSION);
            m.put("label", label);
            m.put("score", score);
            m.put("probabilities", probabilities);
            m.put("latencyMs", latencyMs);
            return m;
        }
    }

    private ResultGenerator() {
    }

    /** seq of item {@code i} of batch {@code batch}: unique per edge, starting at 1. */
    static long seq(int batch, int batchSize, int i) {
        return (long) batch * batchSize + i + 1;
    }

    static Result result(long seq, Random rnd) {
        double[] p = new double[LABELS.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextDouble() + 1e-6;
            sum += p[i];
        }
        Map<String, Double> probabilities = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.round(p[i] / sum * 1e6) / 1e6;
            probabilities.put(LABELS[i], p[i]);
            if (p[i] > p[best]) {
                best = i;
            }
        }
        Instant time = Instant.now().minusMillis(rnd.nextInt(60_000)).truncatedTo(ChronoUnit.MILLIS);
        double latencyMs = Math.round((5 + rnd.nextDouble() * 45) * 100) / 100.0;
        return new Result(seq, time, LABELS[best], Math.min(1.0, p[best]), probabilities, latencyMs);
    }

    static List<Result> batch(int batch, int batchSize, Random rnd) {
        List<Result> list = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            list.add(result(seq(batch, batchSize, i), rnd));
        }
        return list;
    }

    static List<Map<String, Object>> batchJson(int batch, int batchSize, Random rnd) {
        List<Map<String, Object>> list = new ArrayList<>(batchSize);
        for (Result r : batch(batch, batchSize, rnd)) {
            list.add(r.toJson());
        }
        return list;
    }
}
