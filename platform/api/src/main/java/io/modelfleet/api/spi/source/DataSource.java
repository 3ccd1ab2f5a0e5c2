package io.modelfleet.api.spi.source;

import org.osgi.annotation.versioning.ConsumerType;

import io.modelfleet.api.plugin.PluginDescriptor;

/** A configured data source instance (edge data, local upload, an S3 bucket...). Implemented by plugins. */
@ConsumerType
public interface DataSource {

    /** The instance; {@code descriptor().id()} is the configured instance id that imports name. */
    PluginDescriptor descriptor();

    /**
     * The options an import takes, as a JSON Schema object with the subset
     * {@link io.modelfleet.api.spi.solution.SolutionType#parameterSchema()} documents: a flat object of
     * {@code number}, {@code integer}, {@code string} and {@code boolean} properties with {@code enum},
     * {@code minimum}/{@code maximum}, {@code exclusiveMinimum}/{@code exclusiveMaximum}, {@code minLength}/
     * {@code maxLength}, {@code default}, {@code title}, {@code description}, plus {@code required} and
     * {@code additionalProperties: false}. The platform checks every import's options against it (a bad option is the
     * caller's 400, keyed {@code options.<name>}) and renders it as the console's import form. A source without options
     * answers {@code {"type":"object","properties":{},"additionalProperties":false}}.
     */
    String importOptionsSchema();

    /**
     * True when an import from this source reads a file the operator uploads: the platform then takes imports only
     * through an upload and hands the file over as {@link ImportRequest#upload()}; a source answering false never
     * receives one.
     */
    default boolean acceptsUpload() {
        return false;
    }

    /**
     * Streams the items the request selects into the context, reporting progress and stopping early when the context
     * is cancelled. Runs on one of the platform's import workers, never concurrently for the same dataset, but possibly
     * concurrently for two datasets: keep no per-import state in fields.
     *
     * @throws io.modelfleet.api.InvalidInputException input the source cannot read (a malformed file, a missing
     *         object): the import fails with its detail, which the operator reads
     * @throws io.modelfleet.api.PayloadTooLargeException input over one of the source's limits
     * @throws Exception anything else (an I/O failure): the import fails with the exception's text
     */
    ImportSummary importItems(ImportRequest request, ImportContext context) throws Exception;
}
