package io.modelfleet.plugin.target.gitops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;
import io.modelfleet.api.spi.deployment.TargetStatus;
import io.modelfleet.testkit.TestManifestSigning;

/** The files' encodings on their own: any model name or metadata reads back unchanged, status files strictly. */
class EdgeFilesTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void anyTextReadsBackAsWrittenAndTheManifestStillVerifies() throws Exception {
        String name = "det\"ector: #1 \\ \n\t\r\u0001\u0085\u2028 émoji 😀 - [x] {y} &z *w !v |u >t %s @r `q";
        TargetModel model = new TargetModel(7, name, "1.0 beta:\n2", "onnx", "a".repeat(64), 10,
                Map.of("key with = and\nbreak", "value: \"quoted\"", "task", "détection"));
        TargetDeployment deployment = new TargetDeployment(101, 11, "cam-1", Map.of(), model);
        ModelManifest manifest = new ModelManifest(101, 11, 7, model.name(), model.version(), model.format(),
                model.sha256(), model.sizeBytes(), ModelManifest.artifactPath(101), model.metadata(), NOW,
                NOW.plusSeconds(3600));
        TestManifestSigning signing = new TestManifestSigning();
        SignedManifest signed = signing.sign(manifest);
        byte[] file = new EdgeFiles("gitops", "https://fleet.example.com/").edgeFile(deployment, "eu-1", signed);

        Map<String, Object> yaml = new Yaml().load(new String(file, StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) yaml.get("data");
        assertEquals(name, data.get("modelName"));
        assertEquals("1.0 beta:\n2", data.get("modelVersion"));
        assertEquals("https://fleet.example.com/api/v1/edge/artifacts/101", data.get("artifactUrl"));
        assertEquals(new String(manifest.canonicalBytes(), StandardCharsets.UTF_8), data.get("manifest"));
        assertTrue(TestManifestSigning.verify(signing.publicKey(), data.get("manifest"), data.get("signature")));

        EdgeFiles.Written written = EdgeFiles.read(file);
        assertEquals(new EdgeFiles.Written(11, 101, NOW.plusSeconds(3600)), written);
        assertNull(EdgeFiles.read("apiVersion: v1\nkind: ConfigMap\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void kustomizationsListTheirFiles() {
        EdgeFiles files = new EdgeFiles("gitops", "https://fleet.example.com");
        Map<String, Object> yaml = new Yaml().load(new String(files.kustomization("eu-1", List.of("a.yaml", "b.yaml")),
                StandardCharsets.UTF_8));
        assertEquals(List.of("a.yaml", "b.yaml"), yaml.get("resources"));
        yaml = new Yaml().load(new String(files.kustomization("eu-1", List.of()), StandardCharsets.UTF_8));
        assertEquals(List.of(), yaml.get("resources"));
    }

    @Test
    void configMapNamesAreKubernetesNames() {
        assertEquals("modelfleet-cam-1", EdgeFiles.configMapName("cam-1", 11));
        assertEquals("modelfleet-cam-1-11", EdgeFiles.configMapName("Cam_1", 11));
        assertEquals("modelfleet-gate-a-12", EdgeFiles.configMapName("gate.a", 12));
        assertEquals("modelfleet-x-13", EdgeFiles.configMapName("x__", 13));
    }

    @Test
    void layoutKeepsEdgeFilesStatusAndKustomizationApart() {
        Layout layout = new Layout("", "cluster");
        assertEquals("eu-1/cam-1.yaml", layout.edgeFile("eu-1", "cam-1"));
        assertEquals("eu-1", layout.groupOfEdgeFile("eu-1/cam-1.yaml"));
        assertNull(layout.groupOfEdgeFile("eu-1/kustomization.yaml"));
        assertNull(layout.groupOfEdgeFile("eu-1/status/cam-1.json"));
        assertNull(layout.groupOfEdgeFile("cam-1.yaml"));
        assertEquals("default", layout.group(Map.of("cluster", " / ")));
        assertEquals("default", layout.group(Map.of("cluster", "..")));
        assertEquals("a-b", layout.group(Map.of("cluster", "a b")));
        assertThrows(IllegalArgumentException.class, () -> new Layout("a/../b", "cluster"));
        assertThrows(IllegalArgumentException.class, () -> new Layout("a/.git", "cluster"));
        assertThrows(IllegalArgumentException.class, () -> Layout.checkEdgeName("Kustomization"));
    }

    @Test
    void statusFilesAreReadStrictly() throws IOException {
        assertEquals(new StatusFile(7, new TargetStatus(EdgeDeploymentStatus.ROLLED_BACK, "error rate 12%")),
                StatusFile.parse(bytes("{\"deploymentId\": 7, \"status\": \"rolled_back\", \"detail\": \"error rate 12%\", \"at\": 1}")));
        assertEquals(new StatusFile(7, new TargetStatus(EdgeDeploymentStatus.DOWNLOADING, null)),
                StatusFile.parse(bytes("{\"deploymentId\": \"7\", \"status\": \"Downloading\", \"detail\": \"\"}")));
        assertEquals("{\"percent\":40}",
                StatusFile.parse(bytes("{\"deploymentId\": 7, \"status\": \"DOWNLOADING\", \"detail\": {\"percent\": 40}}"))
                        .status().detail());
        assertEquals(StatusFile.MAX_DETAIL, StatusFile.parse(bytes("{\"deploymentId\": 7, \"status\": \"FAILED\", "
                + "\"detail\": \"" + "x".repeat(5000) + "\"}")).status().detail().length());
        for (String bad : List.of("", "[]", "null", "{\"status\": \"ACTIVE\"}", "{\"deploymentId\": 1.5, \"status\": \"ACTIVE\"}",
                "{\"deploymentId\": \"-1\", \"status\": \"ACTIVE\"}", "{\"deploymentId\": 1}",
                "{\"deploymentId\": 1, \"status\": 3}", "{\"deploymentId\": 1, \"status\": \"DONE\"}", "{\"deploymentId\": 1,")) {
            assertThrows(IOException.class, () -> StatusFile.parse(bytes(bad)), bad);
        }
        assertThrows(IOException.class, () -> StatusFile.parse(new byte[StatusFile.MAX_BYTES + 1]));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
