package io.modelfleet.itests.testplugin.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainingContext;

/** A minimal solution type used only to prove that plugins come and go at runtime. */
@Component(service = SolutionType.class)
public final class EchoSolutionType implements SolutionType {
    static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("itest-echo", "Integration-test echo solution",
            "1.0.0", "Installed and removed by the integration tests");

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public DatasetKind datasetKind() {
        return DatasetKind.TABULAR;
    }

    @Override
    public String parameterSchema() {
        return "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}";
    }

    @Override
    public List<String> metrics() {
        return List.of("accuracy");
    }

    @Override
    public String modelFormat() {
        return "onnx";
    }

    @Override
    public TrainedModel train(TabularData data, TrainingContext context) {
        throw new InvalidInputException("the echo solution only proves that plugins come and go; it cannot train");
    }
}
