package io.modelfleet.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet filesystem artifact store")
public @interface StorageConfiguration {
    String PID = "io.modelfleet.storage";

    @AttributeDefinition(description = "Directory for artifacts; empty = <karaf.data>/modelfleet/artifacts")
    String root() default "";
}
