package io.modelfleet.agent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * Resuming downloads: the first attempt is cut off half-way by the server, the next one asks for the rest with a
 * Range header and completes the file. The server here speaks the gateway's range dialect (bytes=N-, 206); the
 * gateway itself is tested by the fleet integration test.
 */
class ServerClientDownloadTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final byte[] artifact = new byte[300_000];
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cutNext = new AtomicBoolean(true);

    @BeforeEach
    void start() throws Exception {
        new Random(3).nextBytes(artifact);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/edge/artifacts/1", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(String.valueOf(range));
            int from = range == null ? 0 : Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            exchange.sendResponseHeaders(range == null ? 200 : 206, artifact.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                if (cutNext.getAndSet(false)) {
                    out.write(artifact, from, (artifact.length - from) / 2);
                    out.flush();
                    exchange.close(); // the connection drops mid-body
                    return;
                }
                out.write(artifact, from, artifact.length - from);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anInterruptedDownloadResumesWhereItStopped() throws Exception {
        ServerClient client = new ServerClient(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.getAddress().getPort());
        client.useCredential("mfc_1_secret");
        Path target = dir.resolve("model.part");
        assertThrows(java.io.IOException.class, () -> client.download("/api/v1/edge/artifacts/1", target, artifact.length));
        long partial = Files.size(target);
        // what arrived before the cut is kept: at most what the server wrote (a reset connection may lose the last
        // segments in flight), and the next attempt asks for exactly the rest
        assertTrue(partial > 0 && partial <= artifact.length / 2, "kept " + partial + " bytes");
        client.download("/api/v1/edge/artifacts/1", target, artifact.length);
        assertArrayEquals(artifact, Files.readAllBytes(target));
        assertEquals(List.of("null", "bytes=" + partial + "-"), ranges);
        client.download("/api/v1/edge/artifacts/1", target, artifact.length);
        assertEquals(2, ranges.size(), "a complete file is not fetched again");
    }
}
