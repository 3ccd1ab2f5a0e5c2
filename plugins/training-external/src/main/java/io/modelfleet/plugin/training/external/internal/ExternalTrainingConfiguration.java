package io.modelfleet.plugin.training.external.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One configuration, one external training service (factory PID {@value #PID}). */
@ObjectClassDefinition(name = "ModelFleet external training service")
public @interface ExternalTrainingConfiguration {
    String PID = "io.modelfleet.plugin.training.external";

    @AttributeDefinition(description = "Backend id that streams name")
    String id() default "external";

    @AttributeDefinition(description = "Name shown in the console")
    String displayName() default "External training service";

    @AttributeDefinition(description = "Base URL of the training service, e.g. https://trainer.example.com/api")
    String serviceUrl();

    @AttributeDefinition(description = "Bearer token the service expects", type = AttributeType.PASSWORD)
    String apiToken() default "";

    @AttributeDefinition(description = "Shared secret the service signs callbacks with (HMAC-SHA256); empty = no callbacks, poll only",
            type = AttributeType.PASSWORD)
    String callbackSecret() default "";

    @AttributeDefinition(description = "This ModelFleet's public base URL, which the service calls back "
            + "(…/api/v1/training-callbacks/<id>); empty = no callbacks")
    String platformUrl() default "";

    @AttributeDefinition(description = "Ask the service for a job's state at most this often (seconds); callbacks update it at once")
    int pollSeconds() default 10;

    @AttributeDefinition(description = "Timeout of one request to the service (seconds)")
    int requestTimeoutSeconds() default 60;

    @AttributeDefinition(description = "Largest model file accepted from the service (bytes)")
    long maxModelBytes() default 1073741824L;
}
