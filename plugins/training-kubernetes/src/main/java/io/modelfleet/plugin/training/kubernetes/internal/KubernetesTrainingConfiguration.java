package io.modelfleet.plugin.training.kubernetes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One configuration, one Kubernetes training backend (factory PID {@value #PID}). */
@ObjectClassDefinition(name = "ModelFleet Kubernetes training backend")
public @interface KubernetesTrainingConfiguration {
    String PID = "io.modelfleet.plugin.training.kubernetes";

    @AttributeDefinition(description = "Backend id that training runs name")
    String id() default "kubernetes";

    @AttributeDefinition(description = "Name shown in the web console and the API; empty = derived from the cluster and namespace")
    String displayName() default "";

    @AttributeDefinition(description = "API server URL; empty = automatic (in-cluster service account, else kubeconfig)")
    String masterUrl() default "";

    @AttributeDefinition(description = "Bearer token for masterUrl (ignored when masterUrl is empty)", type = AttributeType.PASSWORD)
    String oauthToken() default "";

    @AttributeDefinition(description = "CA certificate file (PEM) for masterUrl (ignored when masterUrl is empty)")
    String caCertFile() default "";

    @AttributeDefinition(description = "Trust any server certificate of masterUrl (testing only)")
    boolean trustCerts() default false;

    @AttributeDefinition(description = "Retries of a failed API request (5xx, connection errors) before the call fails")
    int requestRetryBackoffLimit() default 3;

    @AttributeDefinition(description = "Namespace the Jobs run in; empty = the client's namespace (service account or kubeconfig context), else 'default'")
    String namespace() default "";

    @AttributeDefinition(description = "Training container image")
    String image();

    @AttributeDefinition(description = "Always, IfNotPresent or Never; empty = the cluster's default")
    String imagePullPolicy() default "";

    @AttributeDefinition(description = "Comma-separated Secret names for pulling the image")
    String imagePullSecrets() default "";

    @AttributeDefinition(description = "Service account the training pods run as; empty = the namespace's default")
    String serviceAccountName() default "";

    @AttributeDefinition(description = "User id the trainer runs as; -1 = the image's")
    long runAsUser() default -1;

    @AttributeDefinition(description = "Supplemental group that owns the pod's volumes (pod securityContext.fsGroup); -1 = none")
    long fsGroup() default -1;

    @AttributeDefinition(description = "CPU request, e.g. 500m or 2; empty = none")
    String cpuRequest() default "";

    @AttributeDefinition(description = "Memory request, e.g. 2Gi; empty = none")
    String memoryRequest() default "";

    @AttributeDefinition(description = "CPU limit; empty = none")
    String cpuLimit() default "";

    @AttributeDefinition(description = "Memory limit; empty = none")
    String memoryLimit() default "";

    @AttributeDefinition(description = "GPUs per run (a limit on gpuResource); 0 = none")
    int gpuCount() default 0;

    @AttributeDefinition(description = "Extended resource name of the GPUs")
    String gpuResource() default "nvidia.com/gpu";

    @AttributeDefinition(description = "Node selector: key=value pairs separated by commas, e.g. pool=gpu,zone=a")
    String nodeSelector() default "";

    @AttributeDefinition(description = "Tolerations separated by commas: key=value:Effect (Equal), key:Effect or key (Exists), "
            + "key=value (Equal, any effect), *:Effect or * (every taint); Effect is NoSchedule, PreferNoSchedule or NoExecute")
    String tolerations() default "";

    @AttributeDefinition(description = "PersistentVolumeClaim that holds the platform's filesystem artifact store (its root); "
            + "may stay empty when the artifact store presigns URLs (the S3 store): Jobs then get URLs instead of the volume")
    String artifactVolumeClaim() default "";

    @AttributeDefinition(description = "Where the artifact store volume is mounted in the container")
    String artifactMountPath() default "/artifacts";

    @AttributeDefinition(description = "Seconds the presigned URLs a Job gets stay valid (when the artifact store presigns; "
            + "60 to 604800). Keep it above the time a run may queue plus activeDeadlineSeconds")
    long presignedUrlSeconds() default 86_400;

    @AttributeDefinition(description = "Retries of a failed pod before the Job fails")
    int backoffLimit() default 0;

    @AttributeDefinition(description = "Seconds a run may take before Kubernetes stops it; 0 = no limit")
    long activeDeadlineSeconds() default 0;

    @AttributeDefinition(description = "Seconds a finished Job is kept before Kubernetes deletes it; -1 = kept until cancelled. "
            + "Keep it well above the platform's polling interval: a Job deleted before its success is seen fails the run")
    int ttlSecondsAfterFinished() default 86_400;
}
