package io.modelfleet.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet model registry and delivery")
public @interface ModelRegistryConfiguration {
    String PID = "io.modelfleet.models";

    @AttributeDefinition(description = "Largest model artifact accepted (bytes)")
    long maxArtifactBytes() default 512L * 1024 * 1024;

    @AttributeDefinition(description = "Ed25519 signing key (PKCS#8, base64); created on first start. Empty = "
            + "<karaf.data>/modelfleet/signing/manifest-ed25519.key. Replicas must share one key file.")
    String signingKeyFile() default "";

    @AttributeDefinition(description = "How long an edge's desired-state ETag is cached for heartbeats and polls "
            + "(seconds); a change on any server (deployment, rollout wave, policy, settings) ends it within about a second")
    int desiredStateCacheSeconds() default 900;

    @AttributeDefinition(description = "How long an agent release manifest stays valid after it is issued (hours); "
            + "agents refuse expired ones")
    int agentManifestValidityHours() default 24;
}
