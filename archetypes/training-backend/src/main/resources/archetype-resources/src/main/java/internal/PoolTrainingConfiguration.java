package ${package}.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One configuration, one backend with its own thread pool (factory PID {@value PID}). The README's configuration
 * table lists these attributes: keep the two in step.
 */
@ObjectClassDefinition(name = "Thread pool training backend (${pluginId})",
        description = "Trains in the server's JVM on a bounded thread pool")
public @interface PoolTrainingConfiguration {
    String PID = "${package}";

    @AttributeDefinition(description = "Backend id that streams name")
    String id() default "${pluginId}";

    @AttributeDefinition(description = "Name shown in the console")
    String displayName() default "Thread pool training (${pluginId})";

    @AttributeDefinition(description = "Runs that train at once; each takes a CPU core or more (1-64)")
    int workers() default 1;

    @AttributeDefinition(description = "Runs that may wait for a worker; more wait in the platform's queue (0-10000)")
    int maxQueued() default 16;

    @AttributeDefinition(description = "Log lines kept per run (10-100000)")
    int logLines() default 1000;
}
