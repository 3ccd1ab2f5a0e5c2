package io.modelfleet.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Runs against the real UI build that the Maven build packs into the bundle. */
class WebConsoleServletTest {

    @Test
    void clientRoutesFallBackToIndexWhichIsNeverCached() {
        for (String route : new String[] { "/", "/edges", "/edges/42", "/login" }) {
            WebConsoleServlet.Resolved resolved = WebConsoleServlet.resolve(route);
            assertNotNull(resolved, route);
            assertEquals("/index.html", resolved.name());
            assertFalse(resolved.immutable());
        }
    }

    @Test
    void hashedAssetsAreImmutableAndMissingFilesAre404() throws Exception {
        Path assets = Path.of("target/classes" + WebConsoleServlet.ROOT + "/assets");
        try (Stream<Path> files = Files.list(assets)) {
            String js = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".js")).findFirst().orElseThrow();
            WebConsoleServlet.Resolved resolved = WebConsoleServlet.resolve("/assets/" + js);
            assertTrue(resolved.immutable());
            assertEquals("text/javascript; charset=utf-8", WebConsoleServlet.contentType(resolved.name()));
        }
        assertNull(WebConsoleServlet.resolve("/assets/missing-123.js"));
        assertNull(WebConsoleServlet.resolve("/favicon-missing.png"));
        assertNull(WebConsoleServlet.resolve("/../../etc/passwd"));
    }
}
