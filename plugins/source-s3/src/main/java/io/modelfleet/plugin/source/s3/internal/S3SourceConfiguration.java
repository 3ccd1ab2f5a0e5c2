package io.modelfleet.plugin.source.s3.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One configuration, one bucket (and prefix) as a data source (factory PID {@value #PID}). */
@ObjectClassDefinition(name = "ModelFleet S3 data source")
public @interface S3SourceConfiguration {
    String PID = "io.modelfleet.plugin.source.s3";

    @AttributeDefinition(description = "Instance id that imports name")
    String id() default "s3";

    @AttributeDefinition(description = "Endpoint URL of an S3-compatible server; empty for AWS (https://s3.<region>.amazonaws.com)")
    String endpoint() default "";

    @AttributeDefinition(description = "Region the requests are signed for")
    String region() default "us-east-1";

    @AttributeDefinition(description = "Bucket to read")
    String bucket();

    @AttributeDefinition(description = "Only keys under this prefix (e.g. datasets/); imports may narrow it further")
    String prefix() default "";

    @AttributeDefinition(description = "Path-style requests (endpoint/bucket/key) instead of virtual-hosted (bucket.endpoint/key)")
    boolean pathStyle() default true;

    @AttributeDefinition(description = "Access key id")
    String accessKey();

    @AttributeDefinition(description = "Secret access key (never logged)", type = AttributeType.PASSWORD)
    String secretKey();

    @AttributeDefinition(description = "Session token for temporary credentials (optional)", type = AttributeType.PASSWORD)
    String sessionToken() default "";

    @AttributeDefinition(description = "Keys asked for per listing page (S3 returns at most 1000)")
    int pageSize() default 1000;

    @AttributeDefinition(description = "Most objects one import may read")
    int maxObjects() default 200_000;

    @AttributeDefinition(description = "Largest CSV object read (bytes)")
    long maxCsvBytes() default 1024L * 1024 * 1024;

    @AttributeDefinition(description = "Most rows one CSV object may hold")
    long maxRows() default 10_000_000;

    @AttributeDefinition(description = "Seconds a request may take")
    int requestTimeoutSeconds() default 60;
}
