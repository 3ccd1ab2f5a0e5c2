package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ai.onnx.proto.OnnxMl;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.testkit.RecordingContext;
import io.modelfleet.testkit.SolutionTypeContract;

/** The SPI contract from the plugin test kit, and what this solution adds to it. */
class LogisticRegressionSolutionTest extends SolutionTypeContract {
    private final LogisticRegressionSolution solution = new LogisticRegressionSolution();

    /** Two well separated classes around (0, 0) and (4, 4), 30 rows each. */
    static TabularData twoClusters() {
        Random random = new Random(7);
        List<TabularData.Row> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double centre = i % 2 == 0 ? 0 : 4;
            rows.add(new TabularData.Row(List.of(Double.toString(centre + random.nextGaussian() * 0.5),
                    Double.toString(centre + random.nextGaussian() * 0.5)), i % 2 == 0 ? "low" : "high"));
        }
        return new TabularData(List.of("x", "y"), List.of("low", "high"), rows);
    }

    @Override
    protected Subject contractSubject() {
        TabularData data = twoClusters();
        return new Subject(solution, context -> solution.train(data, context), "{\"epochs\": 5}");
    }

    @Test
    void learnsSeparableClassesAndExportsTheModelTheContractDescribes() throws Exception {
        RecordingContext context = new RecordingContext("{}", 42, Files.createDirectories(
                contractDirectory.resolve("run")));

        TrainedModel model = solution.train(twoClusters(), context);

        assertTrue(model.metrics().get("accuracy") > 0.9, model.metrics().toString());
        assertEquals("classification", model.contract().get("task"));
        assertEquals("x,y", model.contract().get("columns"));
        assertEquals(List.of("high", "low"), Stream.of(model.contract().get("labels").split(",")).sorted().toList());
        assertEquals(12, model.heldOut().size(), "a fifth of each class is held out");
        OnnxMl.ModelProto onnx = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model.artifact()));
        assertEquals(model.contract().get("input"), onnx.getGraph().getInput(0).getName());
    }

    @Test
    void aCellThatIsNoNumberFailsNamingRowAndColumn() {
        List<TabularData.Row> rows = new ArrayList<>(twoClusters().rows());
        rows.set(3, new TabularData.Row(List.of("1.0", "n/a"), "high"));
        TabularData data = new TabularData(List.of("x", "y"), List.of("low", "high"), rows);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> solution.train(data, new RecordingContext("{}", 1, contractDirectory)));
        assertTrue(e.detail().contains("row 4") && e.detail().contains("'y'"), e.detail());
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(InvalidInputException.class, () -> solution.train(twoClusters(),
                new RecordingContext("{\"epochs\": 0}", 1, contractDirectory)));
    }
}
