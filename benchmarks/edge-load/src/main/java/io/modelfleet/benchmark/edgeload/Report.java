package io.modelfleet.benchmark.edgeload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of a run: a table on stdout and, on request, the same figures as JSON. */
final class Report {

    static final String INGEST = "ingest";
    static final String BASELINE = "baseline-jdbc";

    private final String runId;
    private final Instant startedAt;
    private final Options options;
    private final List<PhaseResult> phases;

    Report(String runId, Instant startedAt, Options options, List<PhaseResult> phases) {
        this.runId = runId;
        this.startedAt = startedAt;
        this.options = options;
        this.phases = List.copyOf(phases);
    }

    long totalErrors() {
        return phases.stream().mapToLong(p -> p.errors.get()).sum();
    }

    /** Results/s of the measured ingest, or null when it did not run. */
    Double serverResultsPerSecond() {
        PhaseResult p = phase(INGEST);
        return p == null ? null : p.itemsPerSecond();
    }

    /** Rows/s of the measured baseline, or null when it did not run or stored nothing. */
    Double baselineRowsPerSecond() {
        PhaseResult p = phase(BASELINE);
        return p == null || p.items.get() == 0 ? null : p.itemsPerSecond();
    }

    Double ratio() {
        Double server = serverResultsPerSecond();
        Double baseline = baselineRowsPerSecond();
        return server == null || baseline == null ? null : server / baseline;
    }

    private PhaseResult phase(String name) {
        return phases.stream().filter(p -> p.name.equals(name)).findFirst().orElse(null);
    }

    void print(PrintStream out) {
        out.println();
        out.print(table(phases));
        Double server = serverResultsPerSecond();
        Double baseline = baselineRowsPerSecond();
        if (server != null) {
            out.printf(Locale.ROOT, "%nserver ingest: %.0f results/s%n", server);
        }
        if (baseline != null) {
            out.printf(Locale.ROOT, "JDBC baseline: %.0f rows/s%n", baseline);
        }
        if (ratio() != null) {
            out.printf(Locale.ROOT, "ratio server/baseline: %.3f%n", ratio());
        }
        for (PhaseResult p : phases) {
            for (String s : p.errorSamples()) {
                out.println("error sample [" + p.name + "]: " + s);
            }
        }
    }

    static String table(List<PhaseResult> phases) {
        StringBuilder sb = new StringBuilder();
        String head = "%-18s %9s %7s %8s %9s %10s %12s %9s %9s %9s %9s%n";
        String row = "%-18s %9d %7d %8d %9.2f %10.1f %12s %9.2f %9.2f %9.2f %9.2f%n";
        sb.append(String.format(Locale.ROOT, head, "phase", "requests", "errors", "retries", "time s", "req/s",
                "items/s", "p50 ms", "p90 ms", "p99 ms", "max ms"));
        for (PhaseResult p : phases) {
            LatencyStats.Summary s = p.latencies.summary();
            String items = p.itemName == null ? "-"
                    : String.format(Locale.ROOT, "%.0f %s", p.itemsPerSecond(), p.itemName.equals("rows") ? "rw" : "rs");
            sb.append(String.format(Locale.ROOT, row, p.name, p.requests.get(), p.errors.get(), p.retries.get(),
                    p.seconds(), p.requestsPerSecond(), items, s.p50Ms(), s.p90Ms(), s.p99Ms(), s.maxMs()));
        }
        sb.append("items/s: rs = results/s through the server, rw = rows/s inserted by the JDBC baseline"
                + " (a baseline request is one INSERT of a whole batch)\n");
        return sb.toString();
    }

    void writeJson(File file, ObjectMapper mapper, int exitStatus) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("runId", runId);
        doc.put("startedAt", startedAt.toString());
        doc.put("finishedAt", Instant.now().toString());
        doc.put("config", options.describe());
        List<Map<String, Object>> list = new ArrayList<>();
        for (PhaseResult p : phases) {
            list.add(p.toMap());
        }
        doc.put("phases", list);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("serverResultsPerSecond", serverResultsPerSecond());
        summary.put("baselineRowsPerSecond", baselineRowsPerSecond());
        summary.put("ratio", ratio());
        summary.put("totalErrors", totalErrors());
        summary.put("exitStatus", exitStatus);
        doc.put("summary", summary);
        mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(file, doc);
    }
}
