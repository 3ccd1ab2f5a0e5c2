package io.modelfleet.api.spi.solution;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import io.modelfleet.api.plugin.PluginDescriptor;

/** An ML solution type, such as tabular classification or anomaly detection. Implemented by plugins. */
@ConsumerType
public interface SolutionType {

    PluginDescriptor descriptor();

    DatasetKind datasetKind();

    /** JSON Schema (draft 2020-12) of the training parameters; the UI renders it as a form. */
    String parameterSchema();

    /** Names of the metrics each training run reports, e.g. accuracy, f1. */
    List<String> metrics();

    /** Format of the models it produces; "onnx" for every solution the edge agent can run. */
    String modelFormat();
}
