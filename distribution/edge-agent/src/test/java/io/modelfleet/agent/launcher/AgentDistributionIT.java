package io.modelfleet.agent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.modelfleet.agent.release.ReleaseState;
import io.modelfleet.api.deployment.AgentManifest;
import io.modelfleet.api.deployment.DesiredState;
import io.modelfleet.api.deployment.SignedAgentManifest;

/**
 * The packed archive, unpacked and started as a user would: every bundle resolves, and a broken one is named; an
 * agent release from a (scripted) server is installed, tried and kept, and a broken one is given up, each in a fresh
 * JVM that {@code bin/modelfleet-agent} starts when the launcher exits with 75.
 */
class AgentDistributionIT {
    @TempDir
    Path dir;

    private Path unpack() throws Exception {
        Path archive = Path.of(System.getProperty("modelfleet.agent.archive"));
        assertEquals(0, new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString()).inheritIO().start().waitFor());
        try (Stream<Path> tops = Files.list(dir)) {
            return tops.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static String[] check(Path home) throws Exception {
        Process process = new ProcessBuilder(home.resolve("bin/modelfleet-agent").toString(), "check")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new String[] { Integer.toString(process.exitValue()), output };
    }

    @Test
    void everyBundleOfTheAgentStarts() throws Exception {
        String[] result = check(unpack());
        assertEquals("0", result[0], result[1]);
        for (String bundle : List.of("io.modelfleet.api", "io.modelfleet.agent", "io.modelfleet.onnxruntime",
                "io.modelfleet.plugin.runtime.onnx", "org.apache.felix.scr", "org.apache.felix.fileinstall")) {
            assertTrue(result[1].lines().anyMatch(l -> l.contains(" ACTIVE ") && l.contains(bundle + " ")),
                    bundle + " ACTIVE in\n" + result[1]);
        }
    }

    @Test
    void aBundleThatCannotResolveStopsTheStartAndIsNamed() throws Exception {
        Path home = unpack();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "broken.plugin");
        manifest.getMainAttributes().putValue("Import-Package", "com.example.nowhere");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(home.resolve("system/broken.jar")), manifest)) {
            jar.flush();
        }
        String[] result = check(home);
        assertNotEquals("0", result[0], result[1]);
        assertTrue(result[1].contains("broken.plugin") && result[1].contains("com.example.nowhere"), result[1]);
    }

    @Test
    void anAgentReleaseIsTriedAndKeptAndABrokenOneIsGivenUpInFreshJvms() throws Exception {
        Path home = unpack();
        Path data = dir.resolve("data");
        KeyPair serverKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path credential = Files.writeString(dir.resolve("credential"), "mfc_" + EDGE + "_it-secret\n");
        Path key = Files.writeString(dir.resolve("server-key"),
                Base64.getEncoder().encodeToString(serverKey.getPublic().getEncoded()) + "\n");
        Path agentJar;
        try (Stream<Path> system = Files.list(home.resolve("system"))) {
            agentJar = system.filter(p -> p.getFileName().toString().startsWith("io.modelfleet.agent-")).findFirst()
                    .orElseThrow();
        }
        try (ScriptedServer server = new ScriptedServer(serverKey)) {
            server.desire(1, "1.1.0-it", release(Map.of("io.modelfleet.agent.jar",
                    Bundles.withVersion(agentJar, dir.resolve("r1/agent.jar"), "1.1.0.it"))));
            Path log = dir.resolve("agent.log");
            Process agent = new ProcessBuilder(home.resolve("bin/modelfleet-agent").toString(), "serve", "--server",
                    server.url(), "--credential-file", credential.toString(), "--server-key-file", key.toString(),
                    "--data", data.toString(), "--http-port", "-1").redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            try {
                await(agent, log, () -> server.reports.stream().anyMatch(r -> r.startsWith("1 ACTIVE")),
                        "release 1.1.0-it to be confirmed");
                assertTrue(server.reports.stream().anyMatch(r -> r.startsWith("1 VERIFIED")), server.reports.toString());
                await(agent, log, () -> "1.1.0-it".equals(server.agentVersion), "heartbeats to name release 1.1.0-it");
                assertEquals("1.1.0-it", ReleaseState.load(data.resolve("releases")).get(ReleaseState.CURRENT));

                server.desire(2, "1.2.0-it", release(Map.of("io.modelfleet.agent.jar",
                        Bundles.withVersion(agentJar, dir.resolve("r2/agent.jar"), "1.2.0.it"), "unresolvable.jar",
                        Bundles.write(dir.resolve("r2/unresolvable.jar"), "io.modelfleet.it.unresolvable", "1.0.0",
                                "Import-Package", "does.not.exist"))));
                await(agent, log, () -> server.reports.stream().anyMatch(r -> r.startsWith("2 ROLLED_BACK")),
                        "release 1.2.0-it to be given up");
                String rolledBack = server.reports.stream().filter(r -> r.startsWith("2 ROLLED_BACK")).findFirst().get();
                assertTrue(rolledBack.contains("bundle io.modelfleet.it.unresolvable could not start")
                        && rolledBack.contains("does.not.exist") && rolledBack.endsWith("running agent release 1.1.0-it again"),
                        rolledBack);
                server.agentVersion = null;
                await(agent, log, () -> "1.1.0-it".equals(server.agentVersion), "the agent to run 1.1.0-it again");
                ReleaseState state = ReleaseState.load(data.resolve("releases"));
                assertEquals("1.1.0-it", state.get(ReleaseState.CURRENT));
                assertEquals("", state.get(ReleaseState.PENDING));
                assertFalse(Files.exists(data.resolve("releases/1.2.0-it")), "the broken release's folder is gone");
            } finally {
                List<ProcessHandle> javas = agent.descendants().toList();
                agent.destroy(); // SIGTERM to the script only: it passes it on to java
                assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "the script ends with its java");
                for (ProcessHandle java : javas) {
                    assertTrue(java.onExit().get(30, TimeUnit.SECONDS) != null && !java.isAlive());
                }
            }
        }
    }

    @Test
    void aJvmThatDiesDuringATrialIsStartedOnceMoreAndGoesBack() throws Exception {
        Path home = unpack();
        Path data = dir.resolve("data");
        Path agentJar;
        try (Stream<Path> system = Files.list(home.resolve("system"))) {
            agentJar = system.filter(p -> p.getFileName().toString().startsWith("io.modelfleet.agent-")).findFirst()
                    .orElseThrow();
        }
        Path releases = data.resolve("releases");
        Bundles.withVersion(agentJar, releases.resolve("9.9.9-it/io.modelfleet.agent.jar"), "9.9.9.it");
        ReleaseState state = ReleaseState.load(releases);
        state.set(ReleaseState.PENDING, "9.9.9-it");
        state.set(ReleaseState.PENDING_UPDATE_ID, "51");
        state.set(ReleaseState.ATTEMPTS, "0");
        state.save();

        Path log = dir.resolve("agent.log");
        Process agent = new ProcessBuilder(home.resolve("bin/modelfleet-agent").toString(), "run", "--server",
                "http://127.0.0.1:9", "--data", data.toString(), "--http-port", "-1").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            await(agent, log, () -> Files.exists(home.resolve(Main.TRIAL_RUNNING)) && agent.descendants().count() > 0,
                    "the trial to start");
            agent.descendants().forEach(ProcessHandle::destroyForcibly); // the JVM dies, the script stays
            await(agent, log, () -> readQuietly(log).contains("going back from agent release 9.9.9-it: the agent did not "
                    + "come up with agent release 9.9.9-it (crashed during start)"), "the crash to be recorded");
            ReleaseState after = ReleaseState.load(releases);
            assertEquals("", after.get(ReleaseState.PENDING));
            assertEquals("51", after.get(ReleaseState.FAILED_UPDATE_ID));
        } finally {
            agent.destroy();
            assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "the script ends with its java");
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static final long EDGE = 7;

    private static void await(Process agent, Path log, BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || !agent.isAlive()) {
                throw new AssertionError("waited in vain for " + what + (agent.isAlive() ? "" : " (the agent ended)")
                        + "; agent log:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    /** A zip of these jars under these names, with a release.properties. */
    private static byte[] release(Map<String, Path> jars) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("release.properties"));
            zip.write("notes=built by AgentDistributionIT\n".getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Path> jar : jars.entrySet()) {
                zip.putNextEntry(new ZipEntry(jar.getKey()));
                zip.write(Files.readAllBytes(jar.getValue()));
            }
        }
        return bytes.toByteArray();
    }

    /**
     * The edge protocol as far as an agent given its identity needs it: heartbeat, desired state (with the agent
     * release it is told, signed with the key the agent was given), the release archives, and status reports.
     */
    private static final class ScriptedServer implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        final List<String> reports = new CopyOnWriteArrayList<>();
        volatile String agentVersion;
        private final KeyPair key;
        private final HttpServer http;
        private final Map<Long, byte[]> archives = new ConcurrentHashMap<>();
        private volatile String etag = "none";
        private volatile String desired = "{\"etag\":\"none\"}";

        ScriptedServer(KeyPair key) throws IOException {
            this.key = key;
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", this::answer);
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }

        void desire(long updateId, String version, byte[] archive) throws Exception {
            archives.put(updateId, archive);
            Instant now = Instant.now();
            AgentManifest manifest = new AgentManifest(updateId, EDGE, updateId, version,
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)), archive.length,
                    AgentManifest.artifactPath(updateId), now, now.plusSeconds(3600));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(manifest.canonicalBytes());
            String signature = Base64.getEncoder().encodeToString(signer.sign());
            desired = JSON.writeValueAsString(new DesiredState("r" + updateId, null, null,
                    new SignedAgentManifest(manifest, signature), null));
            etag = "r" + updateId;
        }

        private void answer(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (path.equals("/api/v1/edge/heartbeat")) {
                    agentVersion = JSON.readTree(body).path("device").path("agentVersion").asText(null);
                    respond(exchange, 200, "{\"state\":\"APPROVED\",\"desiredStateEtag\":\"" + etag
                            + "\",\"heartbeatIntervalSeconds\":1}");
                } else if (path.equals("/api/v1/edge/desired-state")) {
                    if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        exchange.sendResponseHeaders(304, -1);
                    } else {
                        respond(exchange, 200, desired);
                    }
                } else if (path.startsWith("/api/v1/edge/agent-artifacts/")) {
                    byte[] archive = archives.get(Long.parseLong(path.substring(path.lastIndexOf('/') + 1)));
                    String range = exchange.getRequestHeaders().getFirst("Range");
                    int from = range == null ? 0 : Integer.parseInt(range.substring(6, range.length() - 1));
                    exchange.sendResponseHeaders(range == null ? 200 : 206, archive.length - from);
                    exchange.getResponseBody().write(archive, from, archive.length - from);
                } else if (path.startsWith("/api/v1/edge/agent-updates/")) {
                    JsonNode report = JSON.readTree(body);
                    reports.add(path.split("/")[5] + " " + report.path("status").asText() + " "
                            + report.path("detail").asText(""));
                    respond(exchange, 200, "{}");
                } else if (path.equals("/api/v1/edge/results")) {
                    respond(exchange, 200, "{\"accepted\":0,\"duplicates\":0}");
                } else {
                    respond(exchange, 404, "{\"error\":\"not found\"}");
                }
            }
        }

        private static void respond(HttpExchange exchange, int status, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
