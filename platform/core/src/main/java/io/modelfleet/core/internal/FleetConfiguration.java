package io.modelfleet.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet fleet")
public @interface FleetConfiguration {
    String PID = "io.modelfleet.fleet";

    @AttributeDefinition(description = "How often agents should send a heartbeat (seconds)")
    int heartbeatIntervalSeconds() default 30;

    @AttributeDefinition(description = "An edge without a heartbeat for this long is OFFLINE (seconds)")
    int offlineAfterSeconds() default 90;

    @AttributeDefinition(description = "How often coalesced last-seen updates are written (milliseconds)")
    long heartbeatFlushMillis() default 5000;

    @AttributeDefinition(description = "How long a verified edge credential is trusted without a database read (seconds); "
            + "a change on any server (disabled, deleted, new credential) ends it within about a second")
    int credentialCacheSeconds() default 900;
}
