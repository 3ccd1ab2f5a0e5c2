package io.modelfleet.plugin.target.kubernetes.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;

/**
 * The validated, parsed form of a {@link KubernetesTargetConfiguration}: everything but the client. Parsing is strict;
 * a bad value fails the component's activation with {@link IllegalArgumentException} naming the key. Builds the three
 * objects of an edge's workload: the Secret with its identity, the Deployment of the agent in serve mode and the
 * Service in front of it; the same input always gives the same objects.
 */
final class WorkloadTemplate {
    static final String NAME_PREFIX = "modelfleet-edge-";
    static final String CONTAINER = "agent";
    static final String PORT_NAME = "http";
    static final int PORT = 8080;
    static final String IDENTITY_DIR = "/var/run/modelfleet";
    static final String CREDENTIAL_KEY = "credential";
    static final String SERVER_KEY_KEY = "server-key";
    static final String DATA_DIR = "/data";
    static final String HEALTH_PATH = "/v1/health";
    static final String STATUS_PATH = "/v1/status";
    /** 0400: only the owner (and, through fsGroup, the pod's group) reads the identity. */
    static final int SECRET_MODE = 0400;

    static final String APP_NAME = "app.kubernetes.io/name";
    static final String APP_NAME_VALUE = "modelfleet-edge";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY_VALUE = "modelfleet";
    static final String EDGE_ID = "modelfleet.io/edge-id";
    static final String TARGET = "modelfleet.io/target";
    static final String DEPLOYMENT_ID = "modelfleet.io/deployment-id";
    static final String MODEL = "modelfleet.io/model";
    static final String MODEL_VERSION_ID = "modelfleet.io/model-version-id";
    static final String EDGE_NAME = "modelfleet.io/edge-name";
    static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    /** RFC 1123 label: namespaces. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** RFC 1123 subdomain: secrets, service accounts. */
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final Set<String> SERVICE_TYPES = Set.of("ClusterIP", "NodePort");
    /** Labels the target sets itself; extra labels may not override them. */
    private static final Set<String> RESERVED_LABELS = Set.of(APP_NAME, MANAGED_BY, EDGE_ID, TARGET);

    final String targetId;
    final String namespace;
    final String image;
    final String serverUrl;
    final int replicas;
    final long unschedulableGraceSeconds;
    final int manifestValidityHours;
    private final String imagePullPolicy;
    private final List<String> imagePullSecrets;
    private final String serviceAccountName;
    private final Map<String, Quantity> requests;
    private final Map<String, Quantity> limits;
    private final Quantity dataSizeLimit;
    private final Map<String, String> nodeSelector;
    private final String nodeNameTag;
    private final List<Toleration> tolerations;
    private final String serviceType;
    private final Map<String, String> extraLabels;
    private final Long runAsUser;
    private final Long fsGroup;
    private final int progressDeadlineSeconds;

    /** @param namespace the namespace to use (the configured one, or the client's when that is empty) */
    WorkloadTemplate(KubernetesTargetConfiguration config, String namespace) {
        String id = required("id", config.id());
        if (!LABEL_VALUE.matcher(id).matches()) {
            throw invalid("id", id, "must be a valid label value (letters, digits, '-', '_', '.', at most 63, "
                    + "starting and ending with a letter or digit)");
        }
        this.targetId = id;
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
        this.serverUrl = serverUrl(config.serverUrl());
        if (config.replicas() < 1) {
            throw invalid("replicas", String.valueOf(config.replicas()), "must be 1 or more");
        }
        this.replicas = config.replicas();

        Map<String, Quantity> req = new LinkedHashMap<>();
        quantity(req, "cpu", "cpuRequest", config.cpuRequest());
        quantity(req, "memory", "memoryRequest", config.memoryRequest());
        Map<String, Quantity> lim = new LinkedHashMap<>();
        quantity(lim, "cpu", "cpuLimit", config.cpuLimit());
        quantity(lim, "memory", "memoryLimit", config.memoryLimit());
        for (String name : List.of("cpu", "memory")) {
            if (req.containsKey(name) && lim.containsKey(name)
                    && req.get(name).getNumericalAmount().compareTo(lim.get(name).getNumericalAmount()) > 0) {
                throw new IllegalArgumentException(
                        name + "Request " + req.get(name) + " must not be more than " + name + "Limit " + lim.get(name));
            }
        }
        this.requests = Collections.unmodifiableMap(req);
        this.limits = Collections.unmodifiableMap(lim);
        Map<String, Quantity> size = new LinkedHashMap<>();
        quantity(size, "data", "dataSizeLimit", config.dataSizeLimit());
        this.dataSizeLimit = size.get("data");

        this.nodeSelector = parseNodeSelector(config.nodeSelector());
        String tag = trim(config.nodeNameTag());
        if (!tag.isEmpty() && !Pattern.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}", tag)) {
            throw invalid("nodeNameTag", tag, "is not an edge tag key (letters, digits, '.', '-', '_')");
        }
        this.nodeNameTag = tag.isEmpty() ? null : tag;
        if (nodeNameTag != null && nodeSelector.containsKey(HOSTNAME_LABEL)) {
            throw new IllegalArgumentException("nodeSelector names " + HOSTNAME_LABEL
                    + " and nodeNameTag sets it per edge: use one of them");
        }
        this.tolerations = parseTolerations(config.tolerations());
        String type = trim(config.serviceType());
        if (!SERVICE_TYPES.contains(type)) {
            throw invalid("serviceType", type, "must be ClusterIP or NodePort");
        }
        this.serviceType = type;
        this.extraLabels = parseLabels(config.labels());
        this.runAsUser = optionalId("runAsUser", config.runAsUser());
        if (runAsUser != null && runAsUser == 0) {
            throw invalid("runAsUser", "0", "must not be root: the pods run with runAsNonRoot");
        }
        this.fsGroup = optionalId("fsGroup", config.fsGroup());
        if (config.progressDeadlineSeconds() < 1) {
            throw invalid("progressDeadlineSeconds", String.valueOf(config.progressDeadlineSeconds()),
                    "must be 1 or more");
        }
        this.progressDeadlineSeconds = config.progressDeadlineSeconds();
        if (config.unschedulableGraceSeconds() < 0) {
            throw invalid("unschedulableGraceSeconds", String.valueOf(config.unschedulableGraceSeconds()),
                    "must be 0 or more");
        }
        this.unschedulableGraceSeconds = config.unschedulableGraceSeconds();
        if (config.manifestValidityHours() < 1) {
            throw invalid("manifestValidityHours", String.valueOf(config.manifestValidityHours()), "must be 1 or more");
        }
        this.manifestValidityHours = config.manifestValidityHours();
    }

    /** The name of an edge's Secret, Deployment and Service. */
    static String name(long edgeId) {
        if (edgeId < 0) {
            throw new IllegalArgumentException("an edge id must not be negative: " + edgeId);
        }
        return NAME_PREFIX + edgeId;
    }

    /** What selects an edge's pods: stable for the edge's life (a Deployment's selector cannot change). */
    static Map<String, String> selector(long edgeId) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(APP_NAME, APP_NAME_VALUE);
        selector.put(EDGE_ID, String.valueOf(edgeId));
        return selector;
    }

    Map<String, String> labels(long edgeId) {
        Map<String, String> labels = new LinkedHashMap<>(extraLabels);
        labels.putAll(selector(edgeId));
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(TARGET, targetId);
        return labels;
    }

    /** True when the object carries the labels this target gives an edge's objects (it is ours to change). */
    static boolean owned(ObjectMeta meta, long edgeId) {
        Map<String, String> labels = meta == null ? null : meta.getLabels();
        return labels != null && MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY))
                && String.valueOf(edgeId).equals(labels.get(EDGE_ID));
    }

    /** The node the edge's pods must run on, from its {@code nodeNameTag} tag; fails when the tag is not a name. */
    Map<String, String> nodeSelector(TargetDeployment deployment) {
        Map<String, String> selector = new LinkedHashMap<>(nodeSelector);
        if (nodeNameTag != null && deployment.edgeTags().containsKey(nodeNameTag)) {
            String node = deployment.edgeTags().get(nodeNameTag).trim();
            if (node.isEmpty() || !LABEL_VALUE.matcher(node).matches()) {
                throw new IllegalArgumentException("edge " + deployment.edgeId() + " (" + deployment.edgeName()
                        + "): its tag " + nodeNameTag + "='" + node + "' is not a Kubernetes node name");
            }
            selector.put(HOSTNAME_LABEL, node);
        }
        return selector;
    }

    Secret secret(long edgeId, String credential, String serverKey) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(CREDENTIAL_KEY, base64(credential));
        data.put(SERVER_KEY_KEY, base64(serverKey));
        return new SecretBuilder()
                .withNewMetadata().withName(name(edgeId)).withNamespace(namespace).withLabels(labels(edgeId))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** The agent's command line after its entrypoint {@code modelfleet-agent}. */
    List<String> args() {
        return List.of("serve", "--server", serverUrl,
                "--credential-file", IDENTITY_DIR + "/" + CREDENTIAL_KEY,
                "--server-key-file", IDENTITY_DIR + "/" + SERVER_KEY_KEY,
                "--data", DATA_DIR,
                "--http-port", String.valueOf(PORT));
    }

    /** The Deployment that runs a deployment's model on its edge; fails for a withdrawn deployment. */
    Deployment deployment(TargetDeployment deployment) {
        TargetModel model = deployment.model();
        if (model == null) {
            throw new IllegalArgumentException("deployment " + deployment.deploymentId() + " has no model");
        }
        long edgeId = deployment.edgeId();
        String name = name(edgeId);
        Map<String, String> labels = labels(edgeId);
        String deploymentId = String.valueOf(deployment.deploymentId());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(DEPLOYMENT_ID, deploymentId);
        annotations.put(MODEL, model.reference());
        annotations.put(MODEL_VERSION_ID, String.valueOf(model.versionId()));
        if (deployment.edgeName() != null) {
            annotations.put(EDGE_NAME, deployment.edgeName());
        }
        // a new deployment id changes the pod template: Kubernetes rolls the pods, which fetch the new manifest
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        podAnnotations.put(DEPLOYMENT_ID, deploymentId);
        podAnnotations.put(MODEL, model.reference());
        Map<String, String> selector = nodeSelector(deployment);
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(selector(edgeId)).endSelector()
                    .withProgressDeadlineSeconds(progressDeadlineSeconds)
                    .withRevisionHistoryLimit(3)
                    // a new pod serves before an old one goes
                    .withNewStrategy()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate()
                            .withMaxSurge(new IntOrString(1))
                            .withMaxUnavailable(new IntOrString(0))
                        .endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(podAnnotations).endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(serviceAccountName)
                            // the agent talks to the ModelFleet server, never to the Kubernetes API
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withImagePullSecrets(imagePullSecrets.stream().map(LocalObjectReference::new).toList())
                            .withNodeSelector(selector.isEmpty() ? null : selector)
                            .withTolerations(tolerations)
                            .withSecurityContext(new PodSecurityContextBuilder()
                                    .withRunAsNonRoot(true)
                                    .withRunAsUser(runAsUser)
                                    .withRunAsGroup(runAsUser == null ? null : fsGroup)
                                    .withFsGroup(fsGroup)
                                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                                    .build())
                            .withVolumes(volumes(name))
                            .withContainers(container())
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private List<Volume> volumes(String secretName) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("identity").withNewSecret()
                .withSecretName(secretName)
                .withDefaultMode(SECRET_MODE)
                .withItems(new KeyToPath(CREDENTIAL_KEY, SECRET_MODE, CREDENTIAL_KEY),
                        new KeyToPath(SERVER_KEY_KEY, SECRET_MODE, SERVER_KEY_KEY))
                .endSecret().build());
        volumes.add(new VolumeBuilder().withName("data").withNewEmptyDir().withSizeLimit(dataSizeLimit).endEmptyDir()
                .build());
        // the root file system is read-only; the JVM and ONNX Runtime want a writable temporary directory
        volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
        return volumes;
    }

    private Container container() {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image)
                .withImagePullPolicy(imagePullPolicy)
                .withArgs(args())
                .addNewPort().withName(PORT_NAME).withContainerPort(PORT).withProtocol("TCP").endPort()
                // 200 once a model serves: only then does the Service send requests
                .withReadinessProbe(probe(HEALTH_PATH, 5, 5, 3))
                // the agent answers its status while it downloads, so a long download is no reason to restart it
                .withLivenessProbe(probe(STATUS_PATH, 30, 15, 4))
                .withResources(new ResourceRequirementsBuilder()
                        .withRequests(requests.isEmpty() ? null : requests)
                        .withLimits(limits.isEmpty() ? null : limits)
                        .build())
                .addNewVolumeMount().withName("identity").withMountPath(IDENTITY_DIR).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("data").withMountPath(DATA_DIR).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .withSecurityContext(new SecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withReadOnlyRootFilesystem(true)
                        .withAllowPrivilegeEscalation(false)
                        .withNewCapabilities().withDrop("ALL").endCapabilities()
                        .build())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
    }

    private static Probe probe(String path, int initialDelay, int period, int failures) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(PORT_NAME)).withScheme("HTTP").endHttpGet()
                .withInitialDelaySeconds(initialDelay)
                .withPeriodSeconds(period)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failures)
                .build();
    }

    Service service(TargetDeployment deployment) {
        long edgeId = deployment.edgeId();
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(name(edgeId))
                    .withNamespace(namespace)
                    .withLabels(labels(edgeId))
                    .addToAnnotations(DEPLOYMENT_ID, String.valueOf(deployment.deploymentId()))
                .endMetadata()
                .withNewSpec()
                    .withType(serviceType)
                    .withSelector(selector(edgeId))
                    .addNewPort()
                        .withName(PORT_NAME)
                        .withPort(PORT)
                        .withTargetPort(new IntOrString(PORT_NAME))
                        .withProtocol("TCP")
                    .endPort()
                .endSpec()
                .build();
    }

    // ---- parsing -----------------------------------------------------------------------------------------------

    /** {@code key=value} entries; values may be empty (a node role label), keys are label keys and must not repeat. */
    static Map<String, String> parseNodeSelector(String... entries) {
        return keyValues("nodeSelector", entries);
    }

    /** Extra labels {@code key=value}; they may not replace the labels the target sets itself. */
    static Map<String, String> parseLabels(String... entries) {
        Map<String, String> labels = keyValues("labels", entries);
        for (String key : labels.keySet()) {
            if (RESERVED_LABELS.contains(key)) {
                throw invalid("labels", key, "is set by the target itself");
            }
        }
        return labels;
    }

    private static Map<String, String> keyValues(String field, String... entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : list(field, entries)) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw invalid(field, entry, "must be key=value (the value may be empty: key=)");
            }
            String key = qualifiedName(field, entry.substring(0, eq).trim());
            String value = labelValue(field, entry.substring(eq + 1).trim());
            if (map.put(key, value) != null) {
                throw invalid(field, entry, "repeats the key " + key);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Tolerations: {@code key=value:Effect} (operator Equal), {@code key:Effect} (Equal with an empty value, the
     * taint {@code kubectl taint nodes n key:Effect} sets) and {@code key:Exists:Effect} (any value). The effect is
     * required: NoSchedule, PreferNoSchedule or NoExecute.
     */
    static List<Toleration> parseTolerations(String... entries) {
        List<Toleration> tolerations = new ArrayList<>();
        for (String entry : list("tolerations", entries)) {
            String[] parts = entry.split(":", -1);
            if (parts.length < 2) {
                throw invalid("tolerations", entry,
                        "needs an effect: key=value:Effect, key:Effect or key:Exists:Effect");
            }
            if (parts.length > 3) {
                throw invalid("tolerations", entry, "has too many ':'; the forms are key=value:Effect, key:Effect "
                        + "and key:Exists:Effect");
            }
            String effect = parts[parts.length - 1].trim();
            if (!EFFECTS.contains(effect)) {
                throw invalid("tolerations", entry, "has the effect '" + effect
                        + "'; it must be NoSchedule, PreferNoSchedule or NoExecute");
            }
            String target = parts[0].trim();
            Toleration toleration = new Toleration();
            toleration.setEffect(effect);
            if (parts.length == 3) {
                if (!parts[1].trim().equals("Exists")) {
                    throw invalid("tolerations", entry, "has the operator '" + parts[1].trim()
                            + "'; key:Exists:Effect is the only form with an operator");
                }
                if (target.contains("=")) {
                    throw invalid("tolerations", entry, "takes no value with Exists");
                }
                toleration.setKey(tolerationKey(entry, target));
                toleration.setOperator("Exists");
            } else {
                String[] keyValue = target.split("=", -1);
                if (keyValue.length > 2) {
                    throw invalid("tolerations", entry, "has more than one '='");
                }
                toleration.setKey(tolerationKey(entry, keyValue[0].trim()));
                toleration.setOperator("Equal");
                toleration.setValue(keyValue.length == 2 ? labelValue("tolerations", keyValue[1].trim()) : "");
            }
            tolerations.add(toleration);
        }
        return List.copyOf(tolerations);
    }

    private static String tolerationKey(String entry, String key) {
        if (key.isEmpty()) {
            throw invalid("tolerations", entry, "needs a key");
        }
        return qualifiedName("tolerations", key);
    }

    /** Each value may itself be comma-separated (a .cfg file); trimmed; an empty entry is an error. */
    private static List<String> list(String field, String... values) {
        List<String> entries = new ArrayList<>();
        if (values == null) {
            return entries;
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                if (values.length == 1) {
                    continue; // an empty setting
                }
                throw new IllegalArgumentException(field + " has an empty entry");
            }
            for (String entry : value.trim().split(",", -1)) {
                if (entry.isBlank()) {
                    throw new IllegalArgumentException(field + " '" + value + "' has an empty entry");
                }
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    /** A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 chars. */
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

    private static String serverUrl(String text) {
        String value = required("serverUrl", text);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid("serverUrl", value, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw invalid("serverUrl", value, "must be an http(s) URL with a host and without user, query or fragment, "
                    + "e.g. http://modelfleet.modelfleet.svc:8181");
        }
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    /** -1 = unset. */
    private static Long optionalId(String field, long id) {
        if (id < -1) {
            throw invalid(field, String.valueOf(id), "must be -1 (unset) or 0 or more");
        }
        return id == -1 ? null : id;
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
            throw new IllegalArgumentException("the Kubernetes deployment target needs " + field);
        }
        return value.trim();
    }

    static IllegalArgumentException invalid(String field, String value, String detail) {
        return new IllegalArgumentException(field + ": '" + value + "' " + detail);
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
