package io.modelfleet.plugin.training.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One configuration, one in-process backend with its own worker pool (factory PID {@value #PID}). */
@ObjectClassDefinition(name = "ModelFleet in-process training backend")
public @interface LocalTrainingConfiguration {
    String PID = "io.modelfleet.plugin.training.local";

    @AttributeDefinition(description = "Backend id that streams name")
    String id() default "local";

    @AttributeDefinition(description = "Name shown in the console")
    String displayName() default "In-process training";

    @AttributeDefinition(description = "Runs that train at once; each takes a CPU core or more (1-64)")
    int workers() default 1;

    @AttributeDefinition(description = "Runs that may wait for a worker; more are refused (0-10000)")
    int maxQueued() default 32;

    @AttributeDefinition(description = "Log lines kept per run (10-100000)")
    int logLines() default 2000;
}
