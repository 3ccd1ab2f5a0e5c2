package io.modelfleet.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet training coordinator")
public @interface TrainingConfiguration {
    String PID = "io.modelfleet.training";

    @AttributeDefinition(description = "This server's name as the owner of training runs; empty = host name plus a hash "
            + "of the data directory, stable across restarts of the same installation")
    String nodeId() default "";

    @AttributeDefinition(description = "How long a server's claim on a run lasts without renewal (seconds); another "
            + "server takes the run over after that")
    int leaseSeconds() default 30;

    @AttributeDefinition(description = "How often runs are polled and schedules checked (milliseconds)")
    long pollMillis() default 1000;

    @AttributeDefinition(description = "How often a running run's log tail is copied to the database (milliseconds)")
    long logRefreshMillis() default 3000;
}
