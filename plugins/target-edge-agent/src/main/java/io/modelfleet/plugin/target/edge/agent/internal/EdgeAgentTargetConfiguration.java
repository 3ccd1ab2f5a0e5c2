package io.modelfleet.plugin.target.edge.agent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One configuration, one edge agent target (factory PID {@value #PID}). */
@ObjectClassDefinition(name = "ModelFleet edge agent deployment target")
public @interface EdgeAgentTargetConfiguration {
    String PID = "io.modelfleet.plugin.target.edge.agent";

    @AttributeDefinition(description = "Target id that edges name; enrolled agents are reached by edge-agent")
    String id() default "edge-agent";

    @AttributeDefinition(description = "How long a signed manifest is valid for an agent that has not applied it yet (hours)")
    int manifestValidityHours() default 168;
}
