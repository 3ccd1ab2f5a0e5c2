package io.modelfleet.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet rollout engine")
public @interface RolloutConfiguration {
    String PID = "io.modelfleet.rollouts";

    @AttributeDefinition(description = "This server's name as the owner of rollouts; empty = the training coordinator's "
            + "default (host name plus a hash of the data directory)")
    String nodeId() default "";

    @AttributeDefinition(description = "How long a server's claim on a rollout lasts without renewal (seconds)")
    int leaseSeconds() default 30;

    @AttributeDefinition(description = "How often running rollouts are advanced (milliseconds)")
    long tickMillis() default 1000;

    @AttributeDefinition(description = "How often gate values are recorded while a wave soaks (seconds), for charts")
    int gateSampleSeconds() default 5;
}
