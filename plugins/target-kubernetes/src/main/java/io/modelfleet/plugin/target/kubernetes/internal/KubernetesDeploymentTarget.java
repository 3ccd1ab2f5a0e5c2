package io.modelfleet.plugin.target.kubernetes.internal;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.modelfleet.api.deployment.ManifestSigning;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetStatus;
import io.modelfleet.api.spi.deployment.TargetUnavailableException;

/**
 * Edges as inference workloads on a Kubernetes cluster: per edge a Secret with its credential and the server's key,
 * a Deployment of the edge agent in {@code serve} mode and a Service, all named {@code modelfleet-edge-<edgeId>}.
 * The pods pull the signed desired state of their edge from the server like any agent ({@link #manifest}); a new
 * deployment changes the pod template, so Kubernetes rolls the pods. Status comes from the Deployment's rollout and its
 * pods. The target keeps no state besides its client.
 */
@Component(service = DeploymentTarget.class, configurationPid = KubernetesTargetConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = KubernetesTargetConfiguration.class, factory = true)
public final class KubernetesDeploymentTarget implements DeploymentTarget {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesDeploymentTarget.class);

    private final KubernetesClient client;
    private final WorkloadTemplate template;
    private final PluginDescriptor descriptor;
    private final ManifestSigning signing;
    private final FleetService fleet;
    private final Clock clock;

    @Activate
    public KubernetesDeploymentTarget(KubernetesTargetConfiguration config, @Reference ManifestSigning signing,
            @Reference FleetService fleet) {
        this(config, signing, fleet, createClient(config), Clock.systemUTC());
    }

    /** With a client and clock of the caller's; {@link #close} closes the client. */
    KubernetesDeploymentTarget(KubernetesTargetConfiguration config, ManifestSigning signing, FleetService fleet,
            KubernetesClient client, Clock clock) {
        try {
            String namespace = config.namespace() == null ? "" : config.namespace().trim();
            if (namespace.isEmpty()) {
                namespace = Objects.requireNonNullElse(client.getNamespace(), "default");
            }
            this.template = new WorkloadTemplate(config, namespace);
            String displayName = config.displayName() == null || config.displayName().isBlank()
                    ? "Kubernetes " + namespace + " (" + template.targetId + ")" : config.displayName().trim();
            this.descriptor = new PluginDescriptor(template.targetId, displayName, "1.0.0",
                    "Edges as inference workloads (edge agent " + template.image + " in serve mode) in namespace "
                            + namespace + " of " + client.getMasterUrl());
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalArgumentException("Kubernetes deployment target '" + config.id() + "': " + e.getMessage(),
                    e);
        }
        this.client = client;
        this.signing = Objects.requireNonNull(signing, "signing");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static KubernetesClient createClient(KubernetesTargetConfiguration config) {
        String masterUrl = config.masterUrl() == null ? "" : config.masterUrl().trim();
        ConfigBuilder settings;
        if (masterUrl.isEmpty()) {
            // fabric8's auto-configuration: system properties, env, in-cluster service account, kubeconfig
            settings = new ConfigBuilder(Config.autoConfigure(null));
        } else {
            // an explicit server: no kubeconfig or service account settings mixed in
            settings = new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl).withTrustCerts(config.trustCerts());
            if (config._oauthToken() != null && !config._oauthToken().isBlank()) {
                settings.withOauthToken(config._oauthToken().trim());
            }
            if (config.caCertFile() != null && !config.caCertFile().isBlank()) {
                settings.withCaCertFile(config.caCertFile().trim());
            }
        }
        // apply and status run on the platform's threads and are retried by it: fail fast rather than back off long
        settings.withRequestRetryBackoffLimit(Math.max(0, config.requestRetryBackoffLimit()));
        return new KubernetesClientBuilder().withConfig(settings.build())
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    @Deactivate
    void close() {
        client.close();
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void apply(List<TargetDeployment> deployments) throws Exception {
        // what cannot be built fails the batch before anything changes on the cluster
        Map<TargetDeployment, Deployment> built = new LinkedHashMap<>();
        for (TargetDeployment deployment : deployments) {
            built.put(deployment, deployment.withdrawn() ? null : template.deployment(deployment));
        }
        for (Map.Entry<TargetDeployment, Deployment> entry : built.entrySet()) {
            TargetDeployment deployment = entry.getKey();
            if (entry.getValue() == null) {
                withdraw(deployment);
            } else {
                ensureSecret(deployment.edgeId());
                Deployment workload = entry.getValue();
                createOrUpdate(deployment.edgeId(), "deployments.apps", workload, this::getDeployment, (existing, desired) -> desired,
                        d -> client.apps().deployments().inNamespace(template.namespace).resource(d).create(),
                        d -> client.apps().deployments().inNamespace(template.namespace).resource(d).update());
                createOrUpdate(deployment.edgeId(), "services", template.service(deployment), this::getService, this::keepAllocated,
                        s -> client.services().inNamespace(template.namespace).resource(s).create(),
                        s -> client.services().inNamespace(template.namespace).resource(s).update());
                LOG.info("Kubernetes target {}: edge {} runs deployment {} ({}) as {}/{}", template.targetId,
                        deployment.edgeId(), deployment.deploymentId(), deployment.model().reference(),
                        template.namespace, WorkloadTemplate.name(deployment.edgeId()));
            }
        }
    }

    @Override
    public Map<Long, TargetStatus> status(List<TargetDeployment> deployments) throws Exception {
        Map<Long, TargetStatus> statuses = new LinkedHashMap<>();
        for (TargetDeployment deployment : deployments) {
            String name = WorkloadTemplate.name(deployment.edgeId());
            Deployment workload = getDeployment(name);
            if (workload != null && !WorkloadTemplate.owned(workload.getMetadata(), deployment.edgeId())) {
                statuses.put(deployment.deploymentId(), new TargetStatus(
                        EdgeDeploymentStatus.FAILED, foreign("Deployment", name)));
                continue;
            }
            if (deployment.withdrawn()) {
                statuses.put(deployment.deploymentId(), WorkloadStatus.withdrawn(workload));
                continue;
            }
            List<Pod> pods = workload == null ? List.of() : call("list", "pods", name,
                    () -> client.pods().inNamespace(template.namespace)
                            .withLabels(WorkloadTemplate.selector(deployment.edgeId())).list().getItems());
            statuses.put(deployment.deploymentId(), WorkloadStatus.of(deployment.deploymentId(), workload, pods,
                    clock.instant(), template.unschedulableGraceSeconds));
        }
        return statuses;
    }

    @Override
    public Optional<SignedManifest> manifest(TargetDeployment current) {
        return current.withdrawn() ? Optional.empty() : Optional.of(signing.sign(current.manifest(clock.instant(),
                Duration.ofHours(template.manifestValidityHours))));
    }

    // ---- objects --------------------------------------------------------------------------------------------------

    /**
     * The edge's identity: a credential issued once, when its Secret is created (issuing replaces the edge's previous
     * credential, so pods that run keep theirs valid only while the Secret stays), and the server's current key.
     */
    private void ensureSecret(long edgeId) throws Exception {
        String name = WorkloadTemplate.name(edgeId);
        String serverKey = signing.publicKey();
        Secret existing = call("get", "secrets", name,
                () -> client.secrets().inNamespace(template.namespace).withName(name).get());
        if (existing != null && !WorkloadTemplate.owned(existing.getMetadata(), edgeId)) {
            throw new IllegalStateException(foreign("Secret", name));
        }
        boolean hasCredential = existing != null && existing.getData() != null
                && existing.getData().get(WorkloadTemplate.CREDENTIAL_KEY) != null
                && !WorkloadTemplate.decode(existing.getData().get(WorkloadTemplate.CREDENTIAL_KEY)).isBlank();
        if (hasCredential) {
            String key = existing.getData().get(WorkloadTemplate.SERVER_KEY_KEY);
            if (key == null || !serverKey.equals(WorkloadTemplate.decode(key))) {
                existing.getData().put(WorkloadTemplate.SERVER_KEY_KEY, WorkloadTemplate.base64(serverKey));
                call("update", "secrets", name,
                        () -> client.secrets().inNamespace(template.namespace).resource(existing).update());
                LOG.info("Kubernetes target {}: updated the server key in Secret {}/{}", template.targetId,
                        template.namespace, name);
            }
            return;
        }
        String credential = fleet.issueCredential(edgeId, "target:" + template.targetId);
        Secret secret = template.secret(edgeId, credential, serverKey);
        if (existing != null) {
            secret.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            call("update", "secrets", name, () -> client.secrets().inNamespace(template.namespace).resource(secret)
                    .update());
        } else {
            try {
                call("create", "secrets", name, () -> client.secrets().inNamespace(template.namespace)
                        .resource(secret).create());
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                // created meanwhile: the credential issued last (ours) is the valid one
                call("update", "secrets", name, () -> client.secrets().inNamespace(template.namespace)
                        .resource(secret).update());
            }
        }
        LOG.info("Kubernetes target {}: issued a credential for edge {} into Secret {}/{}", template.targetId, edgeId,
                template.namespace, name);
    }

    private void withdraw(TargetDeployment deployment) throws Exception {
        String name = WorkloadTemplate.name(deployment.edgeId());
        Deployment workload = getDeployment(name);
        if (workload != null) {
            if (!WorkloadTemplate.owned(workload.getMetadata(), deployment.edgeId())) {
                throw new IllegalStateException(foreign("Deployment", name));
            }
            call("delete", "deployments.apps", name, () -> client.apps().deployments()
                    .inNamespace(template.namespace).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
        }
        Service service = getService(name);
        if (service != null && WorkloadTemplate.owned(service.getMetadata(), deployment.edgeId())) {
            call("delete", "services", name, () -> client.services().inNamespace(template.namespace).withName(name)
                    .delete());
        }
        // the Secret stays: the edge's credential is reused by its next model
        LOG.info("Kubernetes target {}: edge {} has no model (deployment {}), its workload {}/{} is removed",
                template.targetId, deployment.edgeId(), deployment.deploymentId(), template.namespace, name);
    }

    private Deployment getDeployment(String name) throws Exception {
        return call("get", "deployments.apps", name,
                () -> client.apps().deployments().inNamespace(template.namespace).withName(name).get());
    }

    private Service getService(String name) throws Exception {
        return call("get", "services", name,
                () -> client.services().inNamespace(template.namespace).withName(name).get());
    }

    /** What the API server allocated (cluster IPs, node ports) stays on a Service that is replaced. */
    private Service keepAllocated(Service existing, Service desired) {
        if (existing.getSpec() == null) {
            return desired;
        }
        desired.getSpec().setClusterIP(existing.getSpec().getClusterIP());
        desired.getSpec().setClusterIPs(existing.getSpec().getClusterIPs());
        desired.getSpec().setIpFamilies(existing.getSpec().getIpFamilies());
        desired.getSpec().setIpFamilyPolicy(existing.getSpec().getIpFamilyPolicy());
        if ("NodePort".equals(desired.getSpec().getType()) && existing.getSpec().getPorts() != null) {
            for (ServicePort port : desired.getSpec().getPorts()) {
                existing.getSpec().getPorts().stream().filter(p -> Objects.equals(p.getName(), port.getName()))
                        .map(ServicePort::getNodePort).filter(Objects::nonNull).findFirst()
                        .ifPresent(port::setNodePort);
            }
        }
        return desired;
    }

    @FunctionalInterface
    private interface Getter<T> {
        T get(String name) throws Exception;
    }

    @FunctionalInterface
    private interface Merger<T> {
        T merge(T existing, T desired);
    }

    /**
     * Creates the object, or replaces the spec and our labels and annotations of the one there (others' labels and
     * annotations stay), with the existing resourceVersion; a conflict (someone changed it meanwhile) is retried.
     */
    private <T extends HasMetadata> void createOrUpdate(long edgeId, String resource, T desired, Getter<T> getter,
            Merger<T> merger, Function<T, T> create, Function<T, T> update)
            throws Exception {
        String name = desired.getMetadata().getName();
        for (int attempt = 0; ; attempt++) {
            T existing = getter.get(name);
            try {
                if (existing == null) {
                    call("create", resource, name, () -> create.apply(desired));
                } else {
                    if (!WorkloadTemplate.owned(existing.getMetadata(), edgeId)) {
                        throw new IllegalStateException(foreign(desired.getKind(), name));
                    }
                    T merged = merger.merge(existing, desired);
                    ObjectMeta meta = merged.getMetadata();
                    meta.setLabels(union(existing.getMetadata().getLabels(), meta.getLabels()));
                    meta.setAnnotations(union(existing.getMetadata().getAnnotations(), meta.getAnnotations()));
                    meta.setResourceVersion(existing.getMetadata().getResourceVersion());
                    call("update", resource, name, () -> update.apply(merged));
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= 2) {
                    throw e;
                }
            }
        }
    }

    private static Map<String, String> union(Map<String, String> theirs, Map<String, String> ours) {
        Map<String, String> union = new LinkedHashMap<>();
        if (theirs != null) {
            union.putAll(theirs);
        }
        if (ours != null) {
            union.putAll(ours);
        }
        return union;
    }

    private String foreign(String kind, String name) {
        return "a " + kind + " " + template.namespace + "/" + name
                + " exists that ModelFleet did not create for this edge; delete or rename it";
    }

    // ---- errors ---------------------------------------------------------------------------------------------------

    /**
     * Runs one API call; an unreachable or overloaded server becomes {@link TargetUnavailableException} (the platform
     * tries again later), a refused one an {@link IllegalStateException} naming the permission, a conflict stays a
     * {@link KubernetesClientException} for the caller.
     */
    private <T> T call(String verb, String resource, String name, Callable<T> action) throws Exception {
        try {
            return action.call();
        } catch (KubernetesClientException e) {
            throw translate(e, verb, resource, name);
        }
    }

    private Exception translate(KubernetesClientException e, String verb, String resource, String name) {
        int code = e.getCode();
        String where = "Kubernetes target '" + template.targetId + "' (" + client.getMasterUrl() + ", namespace "
                + template.namespace + ")";
        if (code <= 0 || hasCause(e, IOException.class)) {
            return new TargetUnavailableException(where + ": the API server cannot be reached to " + verb + " "
                    + resource + " " + name + ": " + rootMessage(e), e);
        }
        if (code == 429 || code == HttpURLConnection.HTTP_INTERNAL_ERROR || code == HttpURLConnection.HTTP_BAD_GATEWAY
                || code == HttpURLConnection.HTTP_UNAVAILABLE || code == HttpURLConnection.HTTP_GATEWAY_TIMEOUT) {
            return new TargetUnavailableException(where + ": the API server answered " + code + " to " + verb + " "
                    + resource + " " + name + serverMessage(e), e);
        }
        if (code == HttpURLConnection.HTTP_UNAUTHORIZED) {
            return new IllegalStateException(where + ": the API server does not accept the target's credentials "
                    + "(401 Unauthorized) to " + verb + " " + resource + "; check the service account token, "
                    + ".oauthToken or kubeconfig" + serverMessage(e), e);
        }
        if (code == HttpURLConnection.HTTP_FORBIDDEN) {
            return new IllegalStateException(where + ": forbidden to " + verb + " " + resource + " in namespace "
                    + template.namespace + " (403 Forbidden); grant the server's service account '" + verb
                    + "' on '" + resource + "' there (see the Role in the README of "
                    + "io.modelfleet.plugin.target.kubernetes)" + serverMessage(e), e);
        }
        return e;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String serverMessage(KubernetesClientException e) {
        String message = e.getStatus() == null ? null : e.getStatus().getMessage();
        return message == null || message.isBlank() ? "" : " (" + message + ")";
    }
}
