package io.modelfleet.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemArtifactStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesReadsFromOffsetAndDeletes() throws Exception {
        FileSystemArtifactStore store = new FileSystemArtifactStore(dir.resolve("root"));
        Path source = Files.writeString(dir.resolve("model.onnx"), "0123456789");
        store.put("models/abc/model.onnx", source);
        assertEquals(10, store.size("models/abc/model.onnx"));
        try (InputStream in = store.open("models/abc/model.onnx", 4)) {
            assertArrayEquals("456789".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
        }
        assertTrue(store.delete("models/abc/model.onnx"));
        assertEquals(-1, store.size("models/abc/model.onnx"));
        assertThrows(NoSuchFileException.class, () -> store.open("models/abc/model.onnx", 0));
    }

    @Test
    void keepsTheFirstBlobForAKeyAndLeavesNoTemporaryFiles() throws Exception {
        FileSystemArtifactStore store = new FileSystemArtifactStore(dir.resolve("root"));
        store.put("a/b", Files.writeString(dir.resolve("one"), "first"));
        store.put("a/b", Files.writeString(dir.resolve("two"), "second"));
        try (InputStream in = store.open("a/b", 0)) {
            assertEquals("first", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (var files = Files.list(dir.resolve("root/a"))) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void refusesKeysThatCouldEscapeTheRoot() throws Exception {
        FileSystemArtifactStore store = new FileSystemArtifactStore(dir.resolve("root"));
        for (String key : new String[] { "../x", "a/../../x", "/etc/passwd", "a//b", ".hidden", "" }) {
            assertThrows(IllegalArgumentException.class, () -> store.size(key), key);
        }
        assertFalse(Files.exists(dir.resolve("x")));
    }
}
