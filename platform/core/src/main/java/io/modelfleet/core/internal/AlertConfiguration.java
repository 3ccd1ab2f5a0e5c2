package io.modelfleet.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "ModelFleet alerts and notifications")
public @interface AlertConfiguration {
    String PID = "io.modelfleet.alerts";

    @AttributeDefinition(description = "How often the server holding the evaluator's lease evaluates every rule (seconds)")
    int evaluateIntervalSeconds() default 15;

    @AttributeDefinition(description = "How long the evaluator's lease lasts without renewal (seconds)")
    int leaseSeconds() default 45;

    @AttributeDefinition(description = "How often each server looks for due deliveries (milliseconds)")
    int deliveryPollMillis() default 1000;

    @AttributeDefinition(description = "Attempts per delivery before it is FAILED")
    int maxAttempts() default 8;

    @AttributeDefinition(description = "Wait before the second attempt; each next wait is three times longer, at most "
            + "an hour (seconds)")
    int retryBaseSeconds() default 10;

    @AttributeDefinition(description = "Timeout of one webhook or SMTP attempt (seconds)")
    int sendTimeoutSeconds() default 10;

    @AttributeDefinition(description = "The console's public address, linked from notifications (empty: no link)")
    String consoleUrl() default "";

    @AttributeDefinition(description = "SMTP server for EMAIL channels (empty: email channels fail their deliveries)")
    String smtpHost() default "";

    @AttributeDefinition(description = "SMTP port")
    int smtpPort() default 587;

    @AttributeDefinition(description = "Transport security", options = { @Option(label = "STARTTLS, required", value = "STARTTLS"),
            @Option(label = "TLS from the start (SMTPS)", value = "TLS"), @Option(label = "None (trusted networks only)", value = "NONE") })
    String smtpSecurity() default "STARTTLS";

    @AttributeDefinition(description = "SMTP user (empty: no authentication)")
    String smtpUsername() default "";

    @AttributeDefinition(description = "SMTP password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String _smtpPassword() default "";

    @AttributeDefinition(description = "Sender address of notification emails")
    String smtpFrom() default "modelfleet@localhost";

    @AttributeDefinition(description = "Owner name of the evaluator lease and deliveries (empty: host name and data dir)")
    String nodeId() default "";
}
