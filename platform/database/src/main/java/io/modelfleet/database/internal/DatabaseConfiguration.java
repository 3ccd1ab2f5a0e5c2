package io.modelfleet.database.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet database",
        description = "Where ModelFleet keeps its state. Leave url empty to run an embedded MariaDB under the data dir.")
public @interface DatabaseConfiguration {
    String PID = "io.modelfleet.database";

    @AttributeDefinition(description = "JDBC URL, e.g. jdbc:mariadb://db:3306/modelfleet; empty = embedded MariaDB")
    String url() default "";

    String user() default "modelfleet";

    @AttributeDefinition(type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "Largest number of pooled connections")
    int poolSize() default 16;

    @AttributeDefinition(description = "How long a request waits for a free pooled connection (milliseconds) before "
            + "it is answered 503 with Retry-After; short, so overload is refused rather than turned into timeouts")
    int connectionTimeoutMillis() default 2000;

    @AttributeDefinition(description = "TCP port of the embedded MariaDB (bound to 127.0.0.1 only)")
    int embeddedPort() default 3307;

    @AttributeDefinition(description = "Directory with the unpacked MariaDB binaries; default <karaf.home>/mariadb")
    String embeddedBaseDir() default "";

    @AttributeDefinition(description = "Directory for the embedded database files; default <karaf.data>/mariadb")
    String embeddedDataDir() default "";
}
