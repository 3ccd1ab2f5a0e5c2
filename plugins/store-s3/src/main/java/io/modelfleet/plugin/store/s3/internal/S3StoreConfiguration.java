package io.modelfleet.plugin.store.s3.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The S3 artifact store's configuration (singleton PID {@value #PID}, file {@code etc/io.modelfleet.plugin.store.s3.cfg}).
 * Secrets use a leading dot ({@code .secretKey}, {@code .sessionToken}): Declarative Services keeps them private
 * instead of publishing them as properties of the ArtifactStore service.
 */
@ObjectClassDefinition(name = "ModelFleet S3 artifact store",
        description = "Artifacts in an S3 bucket instead of the filesystem store; artifacts are not migrated between stores")
public @interface S3StoreConfiguration {
    String PID = "io.modelfleet.plugin.store.s3";

    @AttributeDefinition(description = "Endpoint URL of an S3-compatible server; empty for AWS (https://s3.<region>.amazonaws.com)")
    String endpoint() default "";

    @AttributeDefinition(description = "Region the requests are signed for")
    String region() default "us-east-1";

    @AttributeDefinition(description = "Bucket holding the artifacts (it must exist)")
    String bucket();

    @AttributeDefinition(description = "Key prefix: an artifact key k is stored as <prefix>/k; empty = at the bucket's root")
    String prefix() default "";

    @AttributeDefinition(description = "Path-style requests (endpoint/bucket/key) instead of virtual-hosted (bucket.endpoint/key)")
    boolean pathStyle() default true;

    @AttributeDefinition(description = "Access key id")
    String accessKey();

    /** {@code .secretKey}: the leading dot keeps it out of the service's properties. */
    @AttributeDefinition(name = "Secret key", description = "Secret access key (never logged, never a service property)",
            type = AttributeType.PASSWORD)
    String _secretKey();

    /** {@code .sessionToken}. */
    @AttributeDefinition(name = "Session token", description = "Session token for temporary credentials (optional)",
            type = AttributeType.PASSWORD)
    String _sessionToken() default "";

    @AttributeDefinition(description = "Seconds connecting to the endpoint may take")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds a request may wait for the answer's headers; an upload gets one more second per MiB")
    int requestTimeoutSeconds() default 60;

    @AttributeDefinition(description = "Sign each upload's SHA-256 (the file is read twice; S3 refuses a body that differs). "
            + "Off: UNSIGNED-PAYLOAD, for HTTPS endpoints")
    boolean signPayload() default true;

    @AttributeDefinition(description = "Send If-None-Match: * with uploads, so a server that supports conditional writes "
            + "never replaces an existing artifact even when two servers write the same key at once")
    boolean conditionalPut() default true;
}
