package io.modelfleet.plugin.training.kubernetes.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.support.s3.S3Client;

/**
 * The validated, parsed form of a {@link KubernetesTrainingConfiguration}: everything but the client. Parsing is
 * strict; a bad value fails the component's activation with {@link IllegalArgumentException} naming the key.
 * {@link #job} turns a request into the batch/v1 Job the backend creates.
 */
final class JobTemplate {
    static final String JOB_PREFIX = "modelfleet-train-";
    static final String CONTAINER = "trainer";
    static final String VOLUME = "artifacts";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY_VALUE = "modelfleet";
    static final String RUN_ID = "modelfleet.io/run-id";
    static final String BACKEND = "modelfleet.io/backend";
    static final String SOLUTION = "modelfleet.io/solution";
    /** Set by Kubernetes on a Job's pods. */
    static final String JOB_NAME_LABEL = "job-name";

    /** RFC 1123 label: namespaces. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** RFC 1123 subdomain: claims, service accounts, secrets. */
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    /** An artifact store key: segments of letters, digits, '.', '-', '_' (as the ArtifactStore SPI defines them). */
    private static final Pattern KEY = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9][A-Za-z0-9._-]{0,127})*");
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
    /** The shortest validity of the URLs a Job gets. */
    static final long MIN_PRESIGNED_SECONDS = 60;
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    final String backendId;
    final String namespace;
    private final String image;
    private final String imagePullPolicy;
    private final List<String> imagePullSecrets;
    private final String serviceAccountName;
    private final Long runAsUser;
    private final Long fsGroup;
    private final Map<String, Quantity> requests;
    private final Map<String, Quantity> limits;
    private final Map<String, String> nodeSelector;
    private final List<Toleration> tolerations;
    /** null: no volume, the artifact store must presign URLs. */
    private final String volumeClaim;
    final String mountPath;
    final java.time.Duration presignedUrlValidity;
    final int backoffLimit;
    private final Long activeDeadlineSeconds;
    private final Integer ttlSecondsAfterFinished;

    /** @param namespace the namespace to use (the configured one, or the client's when that is empty) */
    JobTemplate(KubernetesTrainingConfiguration config, String namespace) {
        this.backendId = config.id();
        this.namespace = match("namespace", namespace, DNS_LABEL);
        this.image = required("image", config.image());
        if (image.chars().anyMatch(Character::isWhitespace)) {
            throw invalid("image", image, "must not contain white space");
        }
        String policy = trim(config.imagePullPolicy());
        if (!policy.isEmpty() && !PULL_POLICIES.contains(policy)) {
            throw invalid("imagePullPolicy", policy, "must be Always, IfNotPresent or Never");
        }
        this.imagePullPolicy = policy.isEmpty() ? null : policy;
        List<String> secrets = new ArrayList<>();
        for (String secret : list("imagePullSecrets", config.imagePullSecrets())) {
            secrets.add(match("imagePullSecrets", secret, DNS_SUBDOMAIN));
        }
        this.imagePullSecrets = List.copyOf(secrets);
        String account = trim(config.serviceAccountName());
        this.serviceAccountName = account.isEmpty() ? null : match("serviceAccountName", account, DNS_SUBDOMAIN);

        this.runAsUser = optionalId("runAsUser", config.runAsUser());
        this.fsGroup = optionalId("fsGroup", config.fsGroup());

        Map<String, Quantity> req = new LinkedHashMap<>();
        quantity(req, "cpu", "cpuRequest", config.cpuRequest());
        quantity(req, "memory", "memoryRequest", config.memoryRequest());
        Map<String, Quantity> lim = new LinkedHashMap<>();
        quantity(lim, "cpu", "cpuLimit", config.cpuLimit());
        quantity(lim, "memory", "memoryLimit", config.memoryLimit());
        if (config.gpuCount() < 0) {
            throw invalid("gpuCount", String.valueOf(config.gpuCount()), "must be 0 (no GPU) or more");
        }
        if (config.gpuCount() > 0) {
            String resource = qualifiedName("gpuResource", trim(config.gpuResource()));
            lim.put(resource, new Quantity(String.valueOf(config.gpuCount())));
        }
        for (String name : List.of("cpu", "memory")) {
            if (req.containsKey(name) && lim.containsKey(name)
                    && req.get(name).getNumericalAmount().compareTo(lim.get(name).getNumericalAmount()) > 0) {
                throw new IllegalArgumentException(
                        name + "Request " + req.get(name) + " must not be more than " + name + "Limit " + lim.get(name));
            }
        }
        this.requests = Collections.unmodifiableMap(req);
        this.limits = Collections.unmodifiableMap(lim);
        this.nodeSelector = parseNodeSelector(config.nodeSelector());
        this.tolerations = parseTolerations(config.tolerations());

        String claim = trim(config.artifactVolumeClaim());
        this.volumeClaim = claim.isEmpty() ? null : match("artifactVolumeClaim", claim, DNS_SUBDOMAIN);
        this.mountPath = mountPath(required("artifactMountPath", config.artifactMountPath()));
        if (config.backoffLimit() < 0) {
            throw invalid("backoffLimit", String.valueOf(config.backoffLimit()), "must be 0 or more");
        }
        this.backoffLimit = config.backoffLimit();
        if (config.presignedUrlSeconds() < MIN_PRESIGNED_SECONDS
                || config.presignedUrlSeconds() > S3Client.MAX_PRESIGN_VALIDITY.toSeconds()) {
            throw invalid("presignedUrlSeconds", String.valueOf(config.presignedUrlSeconds()), "must be "
                    + MIN_PRESIGNED_SECONDS + " to " + S3Client.MAX_PRESIGN_VALIDITY.toSeconds() + " (7 days)");
        }
        this.presignedUrlValidity = java.time.Duration.ofSeconds(config.presignedUrlSeconds());
        if (config.activeDeadlineSeconds() < 0) {
            throw invalid("activeDeadlineSeconds", String.valueOf(config.activeDeadlineSeconds()),
                    "must be 0 (no limit) or more");
        }
        this.activeDeadlineSeconds = config.activeDeadlineSeconds() == 0 ? null : config.activeDeadlineSeconds();
        if (config.ttlSecondsAfterFinished() < -1) {
            throw invalid("ttlSecondsAfterFinished", String.valueOf(config.ttlSecondsAfterFinished()),
                    "must be -1 (keep) or 0 or more");
        }
        this.ttlSecondsAfterFinished = config.ttlSecondsAfterFinished() < 0 ? null : config.ttlSecondsAfterFinished();
    }

    static String jobName(long runId) {
        if (runId < 0) {
            throw new IllegalArgumentException("a run id must not be negative: " + runId);
        }
        return JOB_PREFIX + runId;
    }

    /** Whether Jobs can mount the artifact store's volume. */
    boolean hasVolume() {
        return volumeClaim != null;
    }

    /** The Job for a run that reads and writes the artifact volume; the same request always gives the same Job. */
    Job job(TrainingRequest request) {
        return job(request, null);
    }

    /**
     * The Job for a run: with {@code urls}, the container gets presigned URLs for its inputs and outputs and no volume;
     * without, it mounts the artifact volume (which must be configured).
     */
    Job job(TrainingRequest request, PresignedInputs urls) {
        if (urls == null && volumeClaim == null) {
            throw new IllegalStateException("the Kubernetes training backend '" + backendId + "' has no "
                    + "artifactVolumeClaim and the artifact store hands out no presigned URLs: configure "
                    + "artifactVolumeClaim (filesystem store) or the S3 artifact store (plugins/store-s3)");
        }
        String name = jobName(request.runId());
        String datasetKey = key("datasetKey", request.datasetKey());
        String outputPrefix = key("outputPrefix", request.outputPrefix());
        String runId = String.valueOf(request.runId());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(RUN_ID, runId);
        if (LABEL_VALUE.matcher(backendId).matches()) {
            labels.put(BACKEND, backendId);
        }
        request.models().forEach(model -> key("models", model.key()));
        List<EnvVar> env = new java.util.ArrayList<>(List.of(
                env("MODELFLEET_RUN_ID", runId),
                env("MODELFLEET_SOLUTION", nullToEmpty(request.solutionTypeId())),
                env("MODELFLEET_SOLUTION_VERSION", nullToEmpty(request.solutionVersion())),
                env("MODELFLEET_PARAMETERS", request.parametersJson() == null || request.parametersJson().isBlank()
                        ? "{}" : request.parametersJson()),
                env("MODELFLEET_SEED", String.valueOf(request.seed())),
                env("MODELFLEET_LABELS", nullToEmpty(request.labelsCsv()))));
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        if (urls == null) {
            env.addAll(List.of(
                    env("MODELFLEET_DATASET", mountPath + "/" + datasetKey),
                    // a FILES dataset's CSV names its items' contents by artifact key, under the same volume
                    env("MODELFLEET_ARTIFACTS", mountPath),
                    env("MODELFLEET_OUTPUT", mountPath + "/" + outputPrefix)));
            volumes.add(new VolumeBuilder().withName(VOLUME).withNewPersistentVolumeClaim().withClaimName(volumeClaim)
                    .endPersistentVolumeClaim().build());
            mounts.add(new VolumeMountBuilder().withName(VOLUME).withMountPath(mountPath).build());
        } else {
            // no volume: the trainer downloads its inputs and uploads its outputs with these URLs
            env.addAll(List.of(
                    env("MODELFLEET_DATASET_URL", urls.dataset().toString()),
                    env("MODELFLEET_OUTPUT_MODEL_URL", urls.model().toString()),
                    env("MODELFLEET_OUTPUT_PREDICTIONS_URL", urls.predictions().toString()),
                    env("MODELFLEET_OUTPUT_RESULT_URL", urls.result().toString())));
            if (urls.contents() != null) {
                env.add(env("MODELFLEET_CONTENT_URLS", urls.contents().toString()));
            }
        }
        if (!request.models().isEmpty()) {
            // the registered models the parameters name (a backbone), copied into the artifact store
            env.add(env("MODELFLEET_MODELS", Serialization.asJson(request.models())));
            if (urls != null) {
                Map<String, String> modelUrls = new java.util.TreeMap<>();
                urls.models().forEach((key, url) -> modelUrls.put(key, url.toString()));
                env.add(env("MODELFLEET_MODEL_URLS", Serialization.asJson(modelUrls)));
            }
        }
        return new JobBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .addToAnnotations(SOLUTION, nullToEmpty(request.solutionTypeId()) + "@"
                            + nullToEmpty(request.solutionVersion()))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(backoffLimit)
                    .withActiveDeadlineSeconds(activeDeadlineSeconds)
                    .withTtlSecondsAfterFinished(ttlSecondsAfterFinished)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(serviceAccountName)
                            .withImagePullSecrets(imagePullSecrets.stream().map(LocalObjectReference::new).toList())
                            .withEnableServiceLinks(false)
                            .withSecurityContext(runAsUser == null && fsGroup == null ? null
                                    : new PodSecurityContextBuilder().withRunAsUser(runAsUser).withFsGroup(fsGroup).build())
                            .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                            .withTolerations(tolerations)
                            .withVolumes(volumes)
                            .addNewContainer()
                                .withName(CONTAINER)
                                .withImage(image)
                                .withImagePullPolicy(imagePullPolicy)
                                .withEnv(env)
                                .withResources(new ResourceRequirementsBuilder()
                                        .withRequests(requests.isEmpty() ? null : requests)
                                        .withLimits(limits.isEmpty() ? null : limits)
                                        .build())
                                .withVolumeMounts(mounts)
                                // a failed trainer's last log lines become its termination message
                                .withTerminationMessagePolicy("FallbackToLogsOnError")
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    // ---- parsing -----------------------------------------------------------------------------------------------

    /** {@code k=v,k2=v2}; values may be empty, keys are label keys and must not repeat. */
    static Map<String, String> parseNodeSelector(String text) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String entry : list("nodeSelector", text)) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw invalid("nodeSelector", entry, "must be key=value");
            }
            String key = qualifiedName("nodeSelector", entry.substring(0, eq).trim());
            String value = labelValue("nodeSelector", entry.substring(eq + 1).trim());
            if (selector.put(key, value) != null) {
                throw invalid("nodeSelector", entry, "repeats the key " + key);
            }
        }
        return Collections.unmodifiableMap(selector);
    }

    /**
     * Comma-separated tolerations: {@code key=value:Effect} (Equal), {@code key:Effect} (Exists),
     * {@code key=value} (Equal, any effect), {@code key} (Exists, any effect), {@code *:Effect} and {@code *}
     * (every taint, with that effect or any).
     */
    static List<Toleration> parseTolerations(String text) {
        List<Toleration> tolerations = new ArrayList<>();
        for (String entry : list("tolerations", text)) {
            String[] parts = entry.split(":", -1);
            if (parts.length > 2) {
                throw invalid("tolerations", entry, "has more than one ':'; the form is key=value:Effect");
            }
            String effect = null;
            if (parts.length == 2) {
                effect = parts[1].trim();
                if (!EFFECTS.contains(effect)) {
                    throw invalid("tolerations", entry, "has the effect '" + effect
                            + "'; it must be NoSchedule, PreferNoSchedule or NoExecute");
                }
            }
            String target = parts[0].trim();
            String[] keyValue = target.split("=", -1);
            if (keyValue.length > 2) {
                throw invalid("tolerations", entry, "has more than one '='");
            }
            String key = keyValue[0].trim();
            Toleration toleration = new Toleration();
            toleration.setEffect(effect);
            if (key.equals("*")) {
                if (keyValue.length == 2) {
                    throw invalid("tolerations", entry, "'*' matches every taint and takes no value");
                }
                toleration.setOperator("Exists");
            } else {
                if (key.isEmpty()) {
                    throw invalid("tolerations", entry, "needs a key (or '*' for every taint)");
                }
                toleration.setKey(qualifiedName("tolerations", key));
                if (keyValue.length == 2) {
                    toleration.setOperator("Equal");
                    toleration.setValue(labelValue("tolerations", keyValue[1].trim()));
                } else {
                    toleration.setOperator("Exists");
                }
            }
            tolerations.add(toleration);
        }
        return List.copyOf(tolerations);
    }

    /** Comma-separated, trimmed; empty text is an empty list, an empty entry is an error. */
    private static List<String> list(String field, String text) {
        String trimmed = trim(text);
        if (trimmed.isEmpty()) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : trimmed.split(",", -1)) {
            if (entry.isBlank()) {
                throw new IllegalArgumentException(field + " '" + text + "' has an empty entry");
            }
            entries.add(entry.trim());
        }
        return entries;
    }

    /** A label key or resource name: an optional DNS subdomain prefix and '/', then a name of at most 63 chars. */
    private static String qualifiedName(String field, String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if ((prefix != null && !DNS_SUBDOMAIN.matcher(prefix).matches()) || !NAME_PART.matcher(name).matches()) {
            throw invalid(field, key, "is not a valid key (an optional DNS prefix and '/', then letters, digits, "
                    + "'-', '_', '.', at most 63, starting and ending with a letter or digit)");
        }
        return key;
    }

    private static String labelValue(String field, String value) {
        if (!LABEL_VALUE.matcher(value).matches()) {
            throw invalid(field, value, "is not a valid value (letters, digits, '-', '_', '.', at most 63, "
                    + "starting and ending with a letter or digit)");
        }
        return value;
    }

    private static void quantity(Map<String, Quantity> target, String resource, String field, String text) {
        String value = trim(text);
        if (value.isEmpty()) {
            return;
        }
        Quantity quantity;
        BigDecimal amount;
        try {
            quantity = Quantity.parse(value);
            amount = quantity.getNumericalAmount();
        } catch (RuntimeException e) {
            throw invalid(field, value, "is not a Kubernetes quantity (e.g. 500m, 2, 512Mi, 4Gi)");
        }
        if (amount.signum() <= 0) {
            throw invalid(field, value, "must be more than 0");
        }
        target.put(resource, quantity);
    }

    /** -1 = unset. */
    private static Long optionalId(String field, long id) {
        if (id < -1) {
            throw invalid(field, String.valueOf(id), "must be -1 (unset) or 0 or more");
        }
        return id == -1 ? null : id;
    }

    private static String mountPath(String path) {
        String trimmed = path.trim();
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (!trimmed.startsWith("/") || trimmed.equals("/") || trimmed.contains("//") || trimmed.contains(":")
                || ("/" + trimmed + "/").contains("/../") || ("/" + trimmed + "/").contains("/./")) {
            throw invalid("artifactMountPath", path, "must be an absolute directory other than '/', without '..'");
        }
        return trimmed;
    }

    private static String key(String field, String key) {
        if (key == null || !KEY.matcher(key).matches() || ("/" + key + "/").contains("/../")
                || ("/" + key + "/").contains("/./")) {
            throw new IllegalArgumentException("the " + field + " '" + key
                    + "' is not an artifact store key (relative segments of letters, digits, '.', '-', '_')");
        }
        return key;
    }

    private static String match(String field, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw invalid(field, value, "is not a valid Kubernetes name (lower-case letters, digits, '-'"
                    + (pattern == DNS_SUBDOMAIN ? ", '.'" : "") + ")");
        }
        return value;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the Kubernetes training backend needs " + field);
        }
        return value.trim();
    }

    private static IllegalArgumentException invalid(String field, String value, String detail) {
        return new IllegalArgumentException(field + ": '" + value + "' " + detail);
    }

    private static EnvVar env(String name, String value) {
        return new EnvVar(name, value, null);
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
