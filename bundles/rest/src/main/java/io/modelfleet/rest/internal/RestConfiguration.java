package io.modelfleet.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet REST API", description = "Admission limits of the API")
public @interface RestConfiguration {
    String PID = "io.modelfleet.rest";

    @AttributeDefinition(description = "Authenticated requests handled at once; past it the API answers 503 with "
            + "Retry-After at once instead of queueing (keep it below the HTTP server's thread count)")
    int maxConcurrentRequests() default 128;

    @AttributeDefinition(description = "Result and event batches from edges taken in at once; past it they get 429 "
            + "with Retry-After and the agents resend later (keep it below the database pool size, so operators "
            + "always find a connection)")
    int maxConcurrentIngest() default 12;
}
