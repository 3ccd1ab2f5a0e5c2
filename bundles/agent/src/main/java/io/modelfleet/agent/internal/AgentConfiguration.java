package io.modelfleet.agent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet edge agent")
public @interface AgentConfiguration {
    String PID = "io.modelfleet.agent";

    @AttributeDefinition(description = "The ModelFleet server, e.g. https://fleet.example.com")
    String serverUrl();

    @AttributeDefinition(description = "One-time enrollment token; only needed until the agent has enrolled")
    String enrollmentToken() default "";

    @AttributeDefinition(description = "File with the edge credential (mfc_<edgeId>_<secret>) of an agent that is given "
            + "its identity instead of enrolling; set with serverKeyFile. Empty = enroll")
    String credentialFile() default "";

    @AttributeDefinition(description = "File with the server's Ed25519 public key (base64 X.509 SubjectPublicKeyInfo) "
            + "that enrollment would pin; set with credentialFile")
    String serverKeyFile() default "";

    @AttributeDefinition(description = "Identity, queue and models live here")
    String dataDir() default "data/agent";

    @AttributeDefinition(description = "Edge name proposed at enrollment; empty = the hostname")
    String name() default "";

    @AttributeDefinition(description = "Local inference endpoint address (no authentication: keep it on loopback)")
    String httpHost() default "127.0.0.1";

    @AttributeDefinition(description = "Local inference endpoint port; 0 = any free port, -1 = off")
    int httpPort() default 8701;

    @AttributeDefinition(description = "Watched input folder for *.json inputs; empty = off")
    String inputDir() default "";

    @AttributeDefinition(description = "Where results (and processed inputs) of the input folder go")
    String outputDir() default "";

    @AttributeDefinition(description = "move: processed inputs move to the output folder; copy: they stay and a copy goes there")
    String inputPolicy() default "move";

    @AttributeDefinition(description = "Bound of the on-disk result queue (bytes); past it the oldest results are dropped and counted")
    long queueMaxBytes() default 256L * 1024 * 1024;

    @AttributeDefinition(description = "Heartbeat interval (seconds); the server may ask for a shorter one")
    int heartbeatSeconds() default 15;

    @AttributeDefinition(description = "How often the desired state is polled even without a heartbeat hint (seconds)")
    int pollSeconds() default 10;

    @AttributeDefinition(description = "Warm-up inferences a new model must pass before it is swapped in")
    int healthWarmupRuns() default 5;

    @AttributeDefinition(description = "Health window after a swap (seconds)")
    int healthWindowSeconds() default 30;

    @AttributeDefinition(description = "Requests needed in the window before the health check judges")
    int healthMinRequests() default 10;

    @AttributeDefinition(description = "Error rate in the window above which the new model is rolled back (0..1)")
    double healthMaxErrorRate() default 0.2;

    @AttributeDefinition(description = "Mean inference latency above which the new model is rolled back (ms)")
    double healthMaxLatencyMs() default 1000;

    @AttributeDefinition(description = "Collection policy: which inputs go to the server with their results "
            + "(off, all, low-confidence, rate)")
    String sampleMode() default "off";

    @AttributeDefinition(description = "low-confidence: inputs whose score is below this are sampled (0..1)")
    double sampleThreshold() default 0.6;

    @AttributeDefinition(description = "rate: the share of inputs sampled at random (0..1)")
    double sampleRate() default 0.05;

    @AttributeDefinition(description = "Inputs larger than this much JSON (bytes) are not sampled")
    int maxSampleBytes() default 65_536;
}
