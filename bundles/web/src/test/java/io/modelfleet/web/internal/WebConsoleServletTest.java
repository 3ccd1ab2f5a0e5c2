package io.modelfleet.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The console is split into chunks loaded when a page first opens: every file the build emitted is served as an
     * immutable asset of its type, and every chunk the entry script (or another chunk) imports is one of them.
     */
    @Test
    void everyChunkThePagesLoadIsServed() throws Exception {
        Path assets = Path.of("target/classes" + WebConsoleServlet.ROOT + "/assets");
        List<String> files;
        try (Stream<Path> listed = Files.list(assets)) {
            files = listed.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(files.stream().filter(n -> n.endsWith(".js")).count() > 1, "the pages are chunks of their own: " + files);
        Set<String> referenced = new TreeSet<>();
        Pattern chunk = Pattern.compile("(?:assets/|\\./)([A-Za-z0-9_-]+\\.(?:js|css))");
        for (String name : files) {
            WebConsoleServlet.Resolved resolved = WebConsoleServlet.resolve("/assets/" + name);
            assertNotNull(resolved, name);
            assertTrue(resolved.immutable(), name);
            if (name.endsWith(".js")) {
                assertEquals("text/javascript; charset=utf-8", WebConsoleServlet.contentType(resolved.name()));
                Matcher found = chunk.matcher(Files.readString(assets.resolve(name)));
                while (found.find()) {
                    referenced.add(found.group(1));
                }
            } else if (name.endsWith(".css")) {
                assertEquals("text/css; charset=utf-8", WebConsoleServlet.contentType(resolved.name()));
            }
        }
        assertFalse(referenced.isEmpty(), "the entry names the chunks it loads");
        for (String name : referenced) {
            assertNotNull(WebConsoleServlet.resolve("/assets/" + name), "a chunk that is imported is served: " + name);
        }
    }
}
