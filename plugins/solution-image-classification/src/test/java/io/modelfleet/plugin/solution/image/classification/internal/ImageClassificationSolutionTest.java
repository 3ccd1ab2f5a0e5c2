package io.modelfleet.plugin.solution.image.classification.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.image.ImageContract;
import io.modelfleet.api.image.ImageLimits;
import io.modelfleet.api.image.Images;
import io.modelfleet.api.spi.runtime.LoadedModel;
import io.modelfleet.api.spi.runtime.Prediction;
import io.modelfleet.api.spi.solution.FileData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainedModel.HeldOutPrediction;
import io.modelfleet.itests.harness.Digits;
import io.modelfleet.testkit.RecordingContext;
import io.modelfleet.plugin.runtime.onnx.internal.OnnxInferenceRuntime;
import io.modelfleet.testkit.SolutionTypeContract;

/** The handwritten digits of {@link Digits}, written out as PNG files and trained on as a FILES dataset. */
class ImageClassificationSolutionTest extends SolutionTypeContract {
    private final ImageClassificationSolution solution = new ImageClassificationSolution();
    @TempDir
    Path temp;

    @Test
    void digitsAsPngFilesTrainAbove90PercentAndTheEdgeReproducesEveryHeldOutPrediction() throws Exception {
        List<Digits.Digit> all = Digits.load();
        Map<String, byte[]> pngs = new HashMap<>();
        all.forEach(d -> pngs.put(d.key(), d.png()));
        FileData digits = Digits.files(all);
        RecordingContext context = new RecordingContext("{\"width\":8,\"height\":8}", 7,
                Files.createDirectories(temp.resolve("work")));
        TrainedModel model = solution.train(digits, context);

        double accuracy = model.metrics().get("accuracy");
        System.out.println("digits (pixels, 8x8 grey): held-out accuracy " + accuracy);
        assertTrue(accuracy >= 0.9, "held-out accuracy " + accuracy);
        assertEquals(359, model.heldOut().size(), "round(20 %) of each digit's images held out");
        assertEquals("0,1,2,3,4,5,6,7,8,9", String.join(",", java.util.Arrays.stream(
                model.contract().get("labels").split(",")).sorted().toList()));
        ImageContract contract = ImageContract.of(model.contract());
        assertEquals(new ImageContract("image", 8, 8, 1, "NCHW", contract.mean(), contract.std()), contract);
        assertTrue(context.progress.get(context.progress.size() - 1) == 1.0);
        JsonNode report = new ObjectMapper().readTree(model.reportJson());
        assertEquals(1797 - 359, report.path("trainImages").asInt());
        assertEquals(model.heldOut().stream().filter(p -> !p.label().equals(p.predicted())).count(),
                report.path("mistakes").size());

        // the edge's path: the PNG file decoded and pre-processed by the contract, through runtime-onnx
        try (LoadedModel loaded = new OnnxInferenceRuntime().load(model.artifact(), model.contract())) {
            assertEquals("image", loaded.signature().inputs().get(0).name());
            for (HeldOutPrediction row : model.heldOut()) {
                BufferedImage image = Images.decode(pngs.get(row.values().get(0)), ImageLimits.DEFAULT);
                Prediction prediction = loaded.predict(Map.of("image", nested(Images.tensor(image, contract), contract)));
                assertEquals(row.predicted(), prediction.label(), row.toString());
                assertEquals(row.score(), prediction.score(), 1e-4, row.toString());
            }
        }
    }

    @Test
    void aFileThatIsNoImageFailsTheRunNamingIt() throws Exception {
        List<Digits.Digit> all = new ArrayList<>(Digits.load());
        all.set(5, new Digits.Digit(all.get(5).key(), all.get(5).label(), "not a picture".getBytes()));
        FileData digits = Digits.files(all);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> solution.train(digits,
                new RecordingContext("{\"width\":8,\"height\":8}", 1, Files.createDirectories(temp.resolve("w")))));
        assertEquals("item '" + digits.items().get(5).key() + "': not a PNG, JPEG, BMP or GIF image", e.detail());
    }

    @Test
    void parametersAreChecked() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Parameters.parse(
                "{\"width\":0,\"color\":\"cmyk\",\"method\":\"magic\"}"));
        assertTrue(e.fields().keySet().containsAll(List.of("parameters.width", "parameters.color", "parameters.method")),
                e.fields().toString());
    }

    /** The contract's run: 200 of the digits at 8x8. */
    @Override
    protected Subject contractSubject() {
        FileData digits = Digits.files(Digits.load().subList(0, 200));
        return new Subject(solution, context -> solution.train(digits, context), "{\"width\":8,\"height\":8}");
    }

    /** [1, C, H, W] as nested lists, the JSON shape a client sends. */
    static List<Object> nested(float[] tensor, ImageContract contract) {
        List<Object> channels = new ArrayList<>();
        int i = 0;
        for (int c = 0; c < contract.channels(); c++) {
            List<Object> rows = new ArrayList<>();
            for (int y = 0; y < contract.height(); y++) {
                List<Object> row = new ArrayList<>();
                for (int x = 0; x < contract.width(); x++) {
                    row.add((double) tensor[i++]);
                }
                rows.add(row);
            }
            channels.add(rows);
        }
        return List.of(channels);
    }
}
