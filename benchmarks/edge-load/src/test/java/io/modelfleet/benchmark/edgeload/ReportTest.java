package io.modelfleet.benchmark.edgeload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    private static PhaseResult phase(String name, String items, long count, long seconds) {
        PhaseResult p = new PhaseResult(name, items);
        p.requests.set(count / 100);
        p.items.set(count);
        p.elapsedNanos = seconds * 1_000_000_000L;
        p.latencies.record(2_000_000L);
        return p;
    }

    @Test
    void ratioIsServerResultsOverBaselineRows() {
        Options o = Options.parse(new String[0], Map.of());
        Report r = new Report("x", Instant.now(), o, List.of(
                phase("warmup", "results", 999_999, 1),
                phase(Report.INGEST, "results", 20_000, 4),        // 5000 results/s
                phase(Report.BASELINE, "rows", 20_000, 1)));       // 20000 rows/s
        assertEquals(5000.0, r.serverResultsPerSecond(), 1e-9);
        assertEquals(20000.0, r.baselineRowsPerSecond(), 1e-9);
        assertEquals(0.25, r.ratio(), 1e-9);
    }

    @Test
    void noRatioWithoutBaseline() {
        Options o = Options.parse(new String[0], Map.of());
        Report r = new Report("x", Instant.now(), o, List.of(phase(Report.INGEST, "results", 100, 1)));
        assertNull(r.baselineRowsPerSecond());
        assertNull(r.ratio());
    }

    @Test
    void tableAndJsonCarryEveryPhase(@TempDir Path dir) throws Exception {
        Options o = Options.parse(new String[0], Map.of());
        PhaseResult ingest = phase(Report.INGEST, "results", 1000, 2);
        ingest.error("edge 1 batch 0: HTTP 500");
        Report r = new Report("abc", Instant.now(), o, List.of(phase("login", null, 100, 1), ingest));
        String table = Report.table(List.of(phase("login", null, 100, 1), ingest));
        assertTrue(table.contains("login"));
        assertTrue(table.contains("500 rs"), table); // 1000 results in 2 s
        File file = dir.resolve("out.json").toFile();
        r.writeJson(file, new ObjectMapper(), 1);
        JsonNode json = new ObjectMapper().readTree(file);
        assertEquals(2, json.get("phases").size());
        assertEquals(500.0, json.get("summary").get("serverResultsPerSecond").asDouble(), 1e-9);
        assertEquals(1, json.get("summary").get("totalErrors").asInt());
        assertEquals(2.0, json.get("phases").get(1).get("latencyMs").get("p99").asDouble(), 1e-9);
        assertEquals("HTTP 500", json.get("phases").get(1).get("errorSamples").get(0).asText().substring(16));
    }
}
