package io.modelfleet.plugin.target.kubernetes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One configuration, one Kubernetes deployment target (factory PID {@value #PID}). List settings take several values
 * (a {@code .config}/JSON array) or one comma-separated string (a {@code .cfg} file), or both.
 */
@ObjectClassDefinition(name = "ModelFleet Kubernetes deployment target")
public @interface KubernetesTargetConfiguration {
    String PID = "io.modelfleet.plugin.target.kubernetes";

    @AttributeDefinition(description = "Target id that edges name; also the value of the modelfleet.io/target label")
    String id() default "kubernetes";

    @AttributeDefinition(description = "Name shown in the web console and the API; empty = derived from the namespace and id")
    String displayName() default "";

    @AttributeDefinition(description = "API server URL; empty = automatic (in-cluster service account, else kubeconfig)")
    String masterUrl() default "";

    /** {@code .oauthToken}: private to the component, never a service property, never logged. */
    @AttributeDefinition(description = "Bearer token for masterUrl (ignored when masterUrl is empty)",
            type = AttributeType.PASSWORD)
    String _oauthToken() default "";

    @AttributeDefinition(description = "CA certificate file (PEM) for masterUrl (ignored when masterUrl is empty)")
    String caCertFile() default "";

    @AttributeDefinition(description = "Trust any server certificate of masterUrl (testing only)")
    boolean trustCerts() default false;

    @AttributeDefinition(description = "Retries of a failed API request (5xx, connection errors) before the call fails")
    int requestRetryBackoffLimit() default 3;

    @AttributeDefinition(description = "Namespace of the workloads; empty = the client's namespace (service account or kubeconfig context), else 'default'")
    String namespace() default "";

    @AttributeDefinition(description = "Edge agent image (entrypoint modelfleet-agent), e.g. modelfleet/edge-agent:0.1.0")
    String image();

    @AttributeDefinition(description = "Always, IfNotPresent or Never; empty = the cluster's default")
    String imagePullPolicy() default "";

    @AttributeDefinition(description = "Secret names for pulling the image")
    String[] imagePullSecrets() default {};

    @AttributeDefinition(description = "Service account of the pods; empty = the namespace's default (its token is never mounted)")
    String serviceAccountName() default "";

    @AttributeDefinition(description = "URL at which the pods reach the ModelFleet server, e.g. http://modelfleet.modelfleet.svc:8181")
    String serverUrl();

    @AttributeDefinition(description = "Pods per edge workload")
    int replicas() default 1;

    @AttributeDefinition(description = "CPU request, e.g. 250m; empty = none")
    String cpuRequest() default "";

    @AttributeDefinition(description = "CPU limit; empty = none")
    String cpuLimit() default "";

    @AttributeDefinition(description = "Memory request, e.g. 512Mi; empty = none")
    String memoryRequest() default "";

    @AttributeDefinition(description = "Memory limit; empty = none")
    String memoryLimit() default "";

    @AttributeDefinition(description = "Size limit of the /data emptyDir holding the downloaded model, e.g. 2Gi; empty = none")
    String dataSizeLimit() default "";

    @AttributeDefinition(description = "Node selector entries key=value (the value may be empty), e.g. node-role.kubernetes.io/edge=")
    String[] nodeSelector() default {};

    @AttributeDefinition(description = "Edge tag whose value names the node (kubernetes.io/hostname) an edge's pods run on; empty = none")
    String nodeNameTag() default "";

    @AttributeDefinition(description = "Tolerations: key=value:Effect (Equal), key:Effect (Equal, empty value), key:Exists:Effect; "
            + "Effect is NoSchedule, PreferNoSchedule or NoExecute")
    String[] tolerations() default {};

    @AttributeDefinition(description = "ClusterIP or NodePort")
    String serviceType() default "ClusterIP";

    @AttributeDefinition(description = "Extra labels key=value on every object (never in selectors)")
    String[] labels() default {};

    @AttributeDefinition(description = "User id the agent runs as (runAsNonRoot needs a numeric id); -1 = the image's")
    long runAsUser() default 65532;

    @AttributeDefinition(description = "Group owning the pod's volumes (fsGroup), so the agent can read its credential; -1 = none")
    long fsGroup() default 65532;

    @AttributeDefinition(description = "Seconds a rollout may make no progress before Kubernetes reports ProgressDeadlineExceeded")
    int progressDeadlineSeconds() default 600;

    @AttributeDefinition(description = "Seconds a pod may stay unschedulable before its deployment is FAILED")
    long unschedulableGraceSeconds() default 120;

    @AttributeDefinition(description = "Hours a signed manifest stays valid")
    int manifestValidityHours() default 24;
}
