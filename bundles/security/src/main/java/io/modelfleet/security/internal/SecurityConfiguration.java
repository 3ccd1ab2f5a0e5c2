package io.modelfleet.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet security",
        description = "Operator sessions, login throttling and the first administrator")
public @interface SecurityConfiguration {
    String PID = "io.modelfleet.security";

    @AttributeDefinition(description = "A session unused for this long ends (minutes)")
    int sessionIdleMinutes() default 30;

    @AttributeDefinition(description = "A session ends this long after login, however much it is used (hours)")
    int sessionAbsoluteHours() default 12;

    @AttributeDefinition(description = "Failed logins for one username from one client address after which that "
            + "address must wait before trying that username again (the account itself is never locked)")
    int maxFailedLogins() default 5;

    @AttributeDefinition(description = "Failed logins from one client address, whatever the usernames, after which "
            + "that address must wait")
    int maxFailedLoginsPerAddress() default 50;

    @AttributeDefinition(description = "First wait (seconds); doubles with every further failure, at most 15 minutes; "
            + "an hour without failures starts the count again")
    int lockoutBaseSeconds() default 30;

    @AttributeDefinition(description = "Name of the administrator created when there are no users at all")
    String adminUsername() default "admin";

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "Password of that first administrator (at least 12 characters); empty = random, logged once")
    String _adminPassword() default "";
}
