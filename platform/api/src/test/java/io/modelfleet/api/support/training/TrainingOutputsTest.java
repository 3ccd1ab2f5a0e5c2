package io.modelfleet.api.support.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.spi.solution.TrainedModel;

class TrainingOutputsTest {

    @Test
    void resultIsJsonWithEscapedTextAndNoNonFiniteNumbers() throws Exception {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", 0.95);
        metrics.put("f1.\"quoted\"", 0.5);
        metrics.put("undefined", Double.NaN);
        TrainedModel model = new TrainedModel(Path.of("model.onnx"), metrics,
                Map.of("labels", "a\\b,c\nd"), " {\"confusion\": {}} ", List.of());
        StringWriter out = new StringWriter();
        TrainingOutputs.writeResult(model, out);
        String json = out.toString();
        assertEquals(true, json.startsWith("{\"metrics\":{"), json);
        assertEquals(true, json.contains("\"accuracy\":0.95"), json);
        assertEquals(true, json.contains("\"f1.\\\"quoted\\\"\":0.5"), json);
        assertEquals(false, json.contains("NaN"), json);
        assertEquals(true, json.endsWith("\"contract\":{\"labels\":\"a\\\\b,c\\nd\"},\"report\":{\"confusion\": {}}}"), json);
    }

    @Test
    void predictionsAreQuotedCsvWithTheFeatureColumnsFirst() throws Exception {
        StringWriter out = new StringWriter();
        TrainingOutputs.writePredictions(List.of("x", "name"), List.of(
                new TrainedModel.HeldOutPrediction(List.of("1.5", "a,b"), "ok", "bad", 0.75),
                new TrainedModel.HeldOutPrediction(List.of("2", "say \"hi\""), null, "ok", 0.5)), out);
        assertEquals("x,name,label,predicted,score\r\n1.5,\"a,b\",ok,bad,0.75\r\n2,\"say \"\"hi\"\"\",,ok,0.5\r\n",
                out.toString());
    }
}
