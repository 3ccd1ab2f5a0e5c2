package io.modelfleet.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.image.ImageContract;
import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.itests.harness.Digits;
import io.modelfleet.itests.onnx.OnnxModels;

/** The trainer as the container runs it: environment in, the three outputs or an exit code with the reason out. */
class TrainerMainTest {
    @TempDir
    Path dir;

    private Map<String, String> env(String solution, String parameters) throws Exception {
        StringBuilder csv = new StringBuilder("width,height,label\n");
        Random random = new Random(5);
        for (int i = 0; i < 300; i++) {
            boolean ok = i % 3 != 0;
            csv.append(random.nextGaussian() + (ok ? 0 : 3)).append(',').append(random.nextGaussian() + (ok ? 0 : 3))
                    .append(',').append(ok ? "ok" : "bad").append('\n');
        }
        Path dataset = Files.writeString(dir.resolve("training/datasets/version-3.csv"), csv.toString(),
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
        Map<String, String> env = new HashMap<>();
        env.put("MODELFLEET_RUN_ID", "12");
        env.put("MODELFLEET_SOLUTION", solution);
        env.put("MODELFLEET_SOLUTION_VERSION", "1.0.0");
        env.put("MODELFLEET_PARAMETERS", parameters);
        env.put("MODELFLEET_SEED", "99");
        env.put("MODELFLEET_LABELS", "ok,bad");
        env.put("MODELFLEET_DATASET", dataset.toString());
        env.put("MODELFLEET_OUTPUT", dir.resolve("training/runs/12").toString());
        return env;
    }

    @Test
    void trainsFromTheEnvironmentAndLeavesTheThreeOutputs() throws Exception {
        Files.createDirectories(dir.resolve("training/datasets"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = TrainerMain.run(env("tabular-classification", "{\"epochs\": 20}"), new PrintStream(out),
                new PrintStream(new ByteArrayOutputStream()), dir.resolve("termination-log"));
        assertEquals(TrainerMain.TRAINED, code, out.toString());
        Path output = dir.resolve("training/runs/12");
        assertTrue(Files.size(output.resolve(TrainingOutputs.MODEL)) > 100);
        JsonNode result = new ObjectMapper().readTree(output.resolve(TrainingOutputs.RESULT).toFile());
        assertTrue(result.get("metrics").get("accuracy").asDouble() > 0.85, result.toString());
        assertEquals("classification", result.get("contract").get("task").asText());
        assertTrue(result.get("report").has("confusion"), result.toString());
        String predictions = Files.readString(output.resolve(TrainingOutputs.PREDICTIONS));
        assertTrue(predictions.startsWith("width,height,label,predicted,score\r\n"), predictions);
        assertEquals(61, predictions.lines().count(), "header + 20% of 300 rows held out");
        assertTrue(out.toString().contains("progress "), "progress goes to the log");
        try (var files = Files.list(output)) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".part")), "no temporary files left");
        }
    }

    /** A FILES version as the server exports it: key, content (an artifact key), label; contents on the volume. */
    private Map<String, String> filesEnv(Path volume, String parameters) throws Exception {
        Files.createDirectories(dir.resolve("training/datasets"));
        StringBuilder csv = new StringBuilder("key,content,label\r\n");
        List<Digits.Digit> digits = Digits.load();
        for (Digits.Digit digit : digits.subList(0, 400)) {
            String ref = "datasets/content/" + digit.key().replace('/', '-');
            Files.write(Files.createDirectories(volume.resolve("datasets/content")).resolve(digit.key().replace('/', '-')),
                    digit.png());
            csv.append(digit.key()).append(',').append(ref).append(',').append(digit.label()).append("\r\n");
        }
        Path dataset = Files.createDirectories(volume.resolve("training/datasets")).resolve("version-9.csv");
        Files.writeString(dataset, csv);
        Map<String, String> env = env("image-classification", parameters);
        env.put("MODELFLEET_DATASET", dataset.toString());
        env.put("MODELFLEET_ARTIFACTS", volume.toString());
        env.put("MODELFLEET_LABELS", "0,1,2,3,4,5,6,7,8,9");
        env.put("MODELFLEET_OUTPUT", volume.resolve("training/runs/13").toString());
        return env;
    }

    @Test
    void aFilesDatasetIsReadFromTheArtifactVolume() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("volume"));
        Map<String, String> env = filesEnv(volume, "{\"width\":8,\"height\":8}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(TrainerMain.TRAINED, TrainerMain.run(env, new PrintStream(out), new PrintStream(out),
                dir.resolve("termination-log")), out.toString());
        JsonNode result = new ObjectMapper().readTree(volume.resolve("training/runs/13").resolve(TrainingOutputs.RESULT).toFile());
        assertTrue(result.get("metrics").get("accuracy").asDouble() > 0.85, result.toString());
        assertEquals("8", result.get("contract").get("image.width").asText(), result.toString());
        assertTrue(Files.readString(volume.resolve("training/runs/13").resolve(TrainingOutputs.PREDICTIONS))
                .startsWith("key,label,predicted,score"));
        assertThrows(java.io.IOException.class, () -> TrainerMain.contentPath(volume, "../../etc/passwd"));
    }

    @Test
    void aBackboneTheParametersNameIsReadFromTheVolumeAndChecked() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("volume"));
        byte[] backbone = OnnxModels.imageBackbone(1, 8, 16, new int[0][], false, 11);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(backbone));
        String key = "training/models/" + sha256 + ".onnx";
        Files.write(Files.createDirectories(volume.resolve("training/models")).resolve(sha256 + ".onnx"), backbone);
        Map<String, String> metadata = new HashMap<>(new ImageContract(OnnxModels.BACKBONE_INPUT, 8, 8, 1, "NCHW",
                new double[] { 0.3 }, new double[] { 0.4 }).metadata());
        metadata.put("embedding", OnnxModels.EMBEDDING);
        Map<String, String> env = filesEnv(volume, "{\"method\":\"transfer\",\"backbone\":\"digits-backbone:1\"}");
        // as the Kubernetes backend hands them over
        ObjectMapper json = new ObjectMapper();
        env.put("MODELFLEET_MODELS", json.writeValueAsString(List.of(
                new ModelInput("backbone", "digits-backbone:1", key, sha256, metadata))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(TrainerMain.TRAINED, TrainerMain.run(env, new PrintStream(out), new PrintStream(out),
                dir.resolve("termination-log")), out.toString());
        JsonNode result = json.readTree(volume.resolve("training/runs/13").resolve(TrainingOutputs.RESULT).toFile());
        assertTrue(result.get("metrics").get("accuracy").asDouble() > 0.85, result.toString());
        assertEquals("digits-backbone:1", result.get("contract").get("backbone").asText(), result.toString());
        assertEquals(OnnxModels.BACKBONE_INPUT, result.get("contract").get("input").asText(), result.toString());

        // a damaged copy is never trained on
        Files.write(volume.resolve(key), java.util.Arrays.copyOf(backbone, backbone.length - 1));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(TrainerMain.FAILED, TrainerMain.run(env, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err), dir.resolve("termination-log")));
        assertTrue(err.toString().contains("the copy of model digits-backbone:1 is damaged"), err.toString());
    }

    @Test
    void badParametersOrAnUnknownSolutionExitWithTheReason() throws Exception {
        Files.createDirectories(dir.resolve("training/datasets"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path termination = Files.createFile(dir.resolve("termination-log"));
        int code = TrainerMain.run(env("tabular-classification", "{\"epochs\": 0}"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), termination);
        assertEquals(TrainerMain.INVALID, code);
        assertTrue(Files.readString(termination).contains("epochs must be at least 1"), Files.readString(termination));
        assertFalse(Files.exists(dir.resolve("training/runs/12/" + TrainingOutputs.RESULT)));

        Files.delete(dir.resolve("training/datasets/version-3.csv"));
        ByteArrayOutputStream unknown = new ByteArrayOutputStream();
        assertEquals(TrainerMain.FAILED, TrainerMain.run(env("image-segmentation", "{}"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(unknown), termination));
        assertTrue(unknown.toString().contains("this trainer has no solution 'image-segmentation'"), unknown.toString());
        assertTrue(unknown.toString().contains("anomaly-detection"), unknown.toString());
    }

    @Test
    void aRunForAnotherMajorVersionOfTheSolutionIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("training/datasets"));
        Map<String, String> env = env("tabular-classification", "{}");
        env.put("MODELFLEET_SOLUTION_VERSION", "2.0.0");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(TrainerMain.FAILED, TrainerMain.run(env, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err), dir.resolve("termination-log")));
        assertTrue(err.toString().contains("another major version"), err.toString());
    }
}
