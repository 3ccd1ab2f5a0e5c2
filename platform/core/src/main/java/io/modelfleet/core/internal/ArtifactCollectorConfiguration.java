package io.modelfleet.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet artifact collector")
public @interface ArtifactCollectorConfiguration {
    String PID = "io.modelfleet.artifacts.gc";

    @AttributeDefinition(description = "How often the collector runs (minutes); it also runs after each deletion")
    int intervalMinutes() default 10;

    @AttributeDefinition(description = "A blob that lost its last reference is deleted only after this long (minutes): "
            + "an import or upload on another server that is storing the same content meanwhile keeps it")
    int graceMinutes() default 60;

    @AttributeDefinition(description = "Rows and blobs per batch")
    int batchSize() default 500;
}
