package io.modelfleet.benchmark.edgeload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole run against an in-process fake of the edge protocol that stores results idempotently by (edge, seq). */
class EdgeLoadTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpServer server;
    private final Map<Long, Set<Long>> stored = new ConcurrentHashMap<>();
    private final AtomicLong nextEdge = new AtomicLong(100);
    private final AtomicBoolean throttleOnce = new AtomicBoolean(true);
    private final AtomicInteger approvals = new AtomicInteger();
    private volatile String password = "right";
    private volatile int maxUses;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        JsonNode body = MAPPER.readTree(ex.getRequestBody().readAllBytes());
        if (path.equals("/api/v1/auth/login")) {
            if (body.path("password").asText().equals(password)) {
                reply(ex, 200, Map.of("token", "mfs_session"));
            } else {
                reply(ex, 401, Map.of("error", "unauthenticated"));
            }
        } else if (path.equals("/api/v1/enrollment-tokens") && "Bearer mfs_session".equals(auth)) {
            maxUses = body.path("maxUses").asInt();
            reply(ex, 201, Map.of("token", Map.of("id", 1), "secret", "mft_secret"));
        } else if (path.equals("/api/v1/edge/enroll") && body.path("token").asText().equals("mft_secret")) {
            long id = nextEdge.incrementAndGet();
            stored.put(id, ConcurrentHashMap.newKeySet());
            reply(ex, 201, Map.of("edgeId", id, "name", body.path("name").asText(),
                    "credential", "mfc_" + id + "_s", "state", "PENDING"));
        } else if (path.matches("/api/v1/edges/\\d+/approve") && "Bearer mfs_session".equals(auth)) {
            approvals.incrementAndGet();
            reply(ex, 200, Map.of("state", "APPROVED"));
        } else if (path.equals("/api/v1/edge/heartbeat") && auth != null && auth.startsWith("Bearer mfc_")) {
            reply(ex, 200, Map.of("state", "APPROVED", "desiredStateEtag", "x", "heartbeatIntervalSeconds", 30));
        } else if (path.equals("/api/v1/edge/results") && auth != null && auth.startsWith("Bearer mfc_")) {
            if (throttleOnce.getAndSet(false)) {
                ex.getResponseHeaders().add("Retry-After", "0");
                reply(ex, 429, Map.of("error", "throttled"));
                return;
            }
            Set<Long> seqs = stored.get(Long.parseLong(auth.split("_")[1]));
            int accepted = 0;
            for (JsonNode r : body) {
                accepted += seqs.add(r.get("seq").asLong()) ? 1 : 0;
            }
            reply(ex, 200, Map.of("accepted", accepted, "duplicates", body.size() - accepted));
        } else {
            reply(ex, 404, Map.of("error", "not_found", "detail", path));
        }
    }

    private static void reply(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private Options options(String... extra) {
        String[] base = {"--server=http://127.0.0.1:" + server.getAddress().getPort(), "--admin-password=right",
                "--edges=3", "--batches-per-edge=2", "--batch-size=5", "--warmup-batches=1",
                "--heartbeats-per-edge=2", "--concurrency=2", "--baseline=false"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return Options.parse(all, Map.of());
    }

    @Test
    void fullRunStoresEveryResultOnceAndReportsIt(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("figures.json");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int status = new EdgeLoad(options("--json=" + json), new PrintStream(text, true, StandardCharsets.UTF_8)).run();

        String out = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertEquals(3, maxUses);
        assertEquals(3, approvals.get());
        assertEquals(3, stored.size());
        for (Set<Long> seqs : stored.values()) {
            assertEquals(15, seqs.size(), "1 warm-up + 2 measured batches of 5"); // seq 1..15, none overwritten
            assertTrue(seqs.contains(1L) && seqs.contains(15L));
        }
        JsonNode figures = MAPPER.readTree(json.toFile());
        Map<String, JsonNode> phases = new ConcurrentHashMap<>();
        figures.get("phases").forEach(p -> phases.put(p.get("phase").asText(), p));
        assertEquals(Set.of("login", "enrollment-token", "enroll", "approve", "heartbeat", "warmup", "ingest",
                "resend-duplicates"), phases.keySet());
        assertEquals(6, phases.get("heartbeat").get("requests").asInt());
        assertEquals(3, phases.get("warmup").get("requests").asInt());
        assertEquals(15, phases.get("warmup").get("results").asInt());
        assertEquals(1, phases.get("warmup").get("retries").asInt(), "the 429 hit the first results request");
        assertEquals(6, phases.get("ingest").get("requests").asInt());
        assertEquals(30, phases.get("ingest").get("results").asInt());
        assertEquals(6, phases.get("ingest").get("latencyMs").get("count").asInt());
        assertEquals(15, phases.get("resend-duplicates").get("results").asInt());
        assertEquals(0, figures.get("summary").get("totalErrors").asInt());
        assertTrue(out.contains("ingest"), out);
    }

    @Test
    void resentDataThatIsNotADuplicateIsAnError() throws Exception {
        // warm-up off and one measured batch: the server already holds seq 1..5 from an "earlier run" for edge 101
        nextEdge.set(100);
        stored.put(101L, ConcurrentHashMap.newKeySet());
        throttleOnce.set(false);
        Options o = options("--warmup-batches=0", "--batches-per-edge=1", "--edges=1");
        server.createContext("/api/v1/edge/enroll", ex -> {
            ex.getRequestBody().readAllBytes();
            long id = nextEdge.incrementAndGet();
            stored.get(id).addAll(Set.of(1L, 2L, 3L, 4L, 5L));
            reply(ex, 201, Map.of("edgeId", id, "credential", "mfc_" + id + "_s", "state", "PENDING"));
        });
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int status = new EdgeLoad(o, new PrintStream(text, true, StandardCharsets.UTF_8)).run();
        String out = text.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, out);
        assertTrue(out.contains("error sample [ingest]") && out.contains("expected accepted=5"), out);
    }

    @Test
    void failedLoginIsFatal() throws Exception {
        password = "other";
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int status = new EdgeLoad(options(), new PrintStream(text, true, StandardCharsets.UTF_8)).run();
        assertEquals(2, status);
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("error sample [login]: login: HTTP 401"));
    }
}
