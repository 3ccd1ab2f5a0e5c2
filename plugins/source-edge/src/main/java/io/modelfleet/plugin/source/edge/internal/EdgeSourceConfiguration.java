package io.modelfleet.plugin.source.edge.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One configuration, one edge data source instance (factory PID {@value #PID}). */
@ObjectClassDefinition(name = "ModelFleet edge data source")
public @interface EdgeSourceConfiguration {
    String PID = "io.modelfleet.plugin.source.edge";

    @AttributeDefinition(description = "Instance id that imports name")
    String id() default "edges";

    @AttributeDefinition(description = "Most samples one import may take")
    long maxItems() default 1_000_000;
}
