package io.modelfleet.update.center.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet update center", description = "Where plugins come from and the key their catalog is signed with")
public @interface UpdateCenterConfiguration {

    @AttributeDefinition(description = "The plugin catalog: an https:// or file: URL of its JSON index, or a local folder "
            + "holding catalog.json (air-gapped). Empty = no catalog; uploaded KARs still install.")
    String catalogUrl() default "";

    @AttributeDefinition(description = "The catalog's Ed25519 public key (X.509 SubjectPublicKeyInfo, base64) that every "
            + "catalog release must be signed with. Empty = nothing from the catalog installs.")
    String catalogPublicKey() default "";

    @AttributeDefinition(description = "Largest KAR downloaded or uploaded, in bytes")
    long maxKarBytes() default 256L * 1024 * 1024;

    @AttributeDefinition(description = "Seconds to read the catalog or download one KAR before giving up")
    int downloadTimeoutSeconds() default 120;

    @AttributeDefinition(description = "Seconds an installed plugin's bundles have to become active")
    int startTimeoutSeconds() default 60;
}
