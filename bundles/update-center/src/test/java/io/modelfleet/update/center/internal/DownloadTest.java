package io.modelfleet.update.center.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

class DownloadTest {
    private static final byte[] KAR = "k".repeat(200_000).getBytes(StandardCharsets.UTF_8);
    @TempDir
    Path folder;
    private HttpServer server;
    private final Download download = new Download(Duration.ofSeconds(5));

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo.kar", exchange -> {
            exchange.sendResponseHeaders(200, KAR.length);
            exchange.getResponseBody().write(KAR);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI at(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void downloadsOverHttpWithProgressAndTheSha256() throws Exception {
        List<Double> progress = new CopyOnWriteArrayList<>();
        Download.Result result = download.fetch(at("/echo.kar"), folder.resolve("a.kar"), 1_000_000, progress::add);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(KAR)), result.sha256());
        assertEquals(KAR.length, result.bytes());
        assertEquals(1.0, progress.get(progress.size() - 1));
        assertTrue(progress.size() > 2, "progress is told as the bytes arrive");
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1));
        }
    }

    @Test
    void saysWhyADownloadFails() throws Exception {
        assertTrue(assertThrows(UpdateCenterException.class, () -> download.fetch(at("/missing.kar"), folder.resolve("b"), 10, p -> {
        })).getMessage().contains("answered HTTP 404"));
        assertTrue(assertThrows(UpdateCenterException.class, () -> download.fetch(at("/echo.kar"), folder.resolve("c"), 1000, p -> {
        })).getMessage().contains("the limit is 1000"));
        assertTrue(assertThrows(UpdateCenterException.class, () -> download.read(URI.create("ftp://x/c.json"), 10))
                .getMessage().contains("neither an https, http nor file location"));
        assertTrue(assertThrows(UpdateCenterException.class, () -> download.read(folder.resolve("none.json").toUri(), 10))
                .getMessage().contains("no such file"));
        Path big = Files.write(folder.resolve("big.json"), new byte[100]);
        assertTrue(assertThrows(UpdateCenterException.class, () -> download.read(big.toUri(), 99))
                .getMessage().contains("larger than 99 bytes"));
    }
}
