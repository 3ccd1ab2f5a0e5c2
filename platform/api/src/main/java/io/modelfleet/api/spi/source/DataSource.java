package io.modelfleet.api.spi.source;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import io.modelfleet.api.plugin.PluginDescriptor;

/** A configured data source instance (edge data, local upload, an S3 bucket...). Implemented by plugins. */
@ConsumerType
public interface DataSource {

    /** The instance; {@code descriptor().id()} is the configured instance id. */
    PluginDescriptor descriptor();

    /** The source type, such as "edge", "local" or "s3". */
    String sourceType();

    /**
     * Streams the items selected by {@code options} into the context, reporting progress and stopping early when
     * the context is cancelled.
     */
    ImportSummary importItems(Map<String, String> options, ImportContext context) throws Exception;
}
