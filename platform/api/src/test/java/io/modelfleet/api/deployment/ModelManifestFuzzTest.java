package io.modelfleet.api.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The bytes a manifest's signature covers say exactly one thing: reading them back gives every field and every
 * metadata entry as it was, so no two different manifests share a signature. (Absent text and empty text are the
 * same on purpose; unpaired surrogates, which are not Unicode, encode as '?'.)
 */
class ModelManifestFuzzTest {
    private static final List<String> FIELDS = List.of("deploymentId", "edgeId", "modelVersionId", "modelName",
            "modelVersion", "format", "sha256", "sizeBytes", "artifactPath");
    private static final List<String> TRICKY = List.of("", "=", "\n", "metadata.", "a=b\nmetadata.c", "+", " ", "%41",
            "labels", "é😀", "issuedAt=");

    @FuzzTest(maxExecutions = 150_000, maxDuration = "4s")
    void canonicalBytesReadBackToTheManifest(FuzzedDataProvider data) {
        Map<String, String> metadata = new LinkedHashMap<>();
        int entries = data.consumeInt(0, 4);
        for (int i = 0; i < entries; i++) {
            metadata.put(text(data), text(data));
        }
        ModelManifest manifest = new ModelManifest(data.consumeLong(), data.consumeLong(), data.consumeLong(),
                nullable(data), nullable(data), nullable(data), nullable(data), data.consumeLong(), nullable(data),
                metadata, instant(data), instant(data));

        String text = new String(manifest.canonicalBytes(), StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), text);
        List<String> lines = List.of(text.substring(0, text.length() - 1).split("\n", -1));
        assertEquals(ModelManifest.VERSION_LINE, lines.get(0));
        assertEquals(1 + FIELDS.size() + metadata.size() + 2, lines.size(), text);
        List<String> expected = List.of(Long.toString(manifest.deploymentId()), Long.toString(manifest.edgeId()),
                Long.toString(manifest.modelVersionId()), plain(manifest.modelName()), plain(manifest.modelVersion()),
                plain(manifest.format()), plain(manifest.sha256()), Long.toString(manifest.sizeBytes()),
                plain(manifest.artifactPath()));
        for (int i = 0; i < FIELDS.size(); i++) {
            assertEquals(List.of(FIELDS.get(i), expected.get(i)), keyValue(lines.get(1 + i)), text);
        }
        Map<String, String> readBack = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < metadata.size(); i++) {
            List<String> entry = keyValue(lines.get(1 + FIELDS.size() + i));
            assertTrue(entry.get(0).startsWith("metadata."), entry.toString());
            keys.add(entry.get(0));
            readBack.put(entry.get(0).substring("metadata.".length()), entry.get(1));
        }
        Map<String, String> plainMetadata = new LinkedHashMap<>();
        manifest.metadata().forEach((key, value) -> plainMetadata.put(plain(key), plain(value)));
        assertEquals(plainMetadata, readBack, text);
        assertEquals(new java.util.TreeMap<>(manifest.metadata()).keySet().stream().map(key -> "metadata." + plain(key))
                .toList(), keys, "metadata sorted by key");
        int at = 1 + FIELDS.size() + metadata.size();
        assertEquals(List.of("issuedAt", manifest.issuedAt() == null ? "" : manifest.issuedAt().toString()),
                keyValue(lines.get(at)));
        assertEquals(List.of("expiresAt", manifest.expiresAt() == null ? "" : manifest.expiresAt().toString()),
                keyValue(lines.get(at + 1)));
    }

    /** One line, {@code key=value}, both URL-encoded: exactly one '=' and no line break inside. */
    private static List<String> keyValue(String line) {
        String[] parts = line.split("=", -1);
        assertEquals(2, parts.length, "one '=' in " + line);
        return List.of(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }

    private static String text(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(TRICKY) : data.consumeString(16);
    }

    private static String nullable(FuzzedDataProvider data) {
        return data.consumeInt(0, 7) == 0 ? null : text(data);
    }

    private static Instant instant(FuzzedDataProvider data) {
        return data.consumeBoolean() ? null
                : Instant.ofEpochSecond(data.consumeLong(-31_557_014_167_219_200L, 31_556_889_864_403_199L),
                        data.consumeInt(0, 999_999_999));
    }

    /** What the encoding keeps: absent text is empty text, an unpaired surrogate is '?'. */
    private static String plain(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                plain.append(c).append(value.charAt(++i));
            } else {
                plain.append(Character.isSurrogate(c) ? '?' : c);
            }
        }
        return plain.toString();
    }
}
