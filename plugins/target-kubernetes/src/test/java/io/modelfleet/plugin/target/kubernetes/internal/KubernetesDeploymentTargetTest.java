package io.modelfleet.plugin.target.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;
import io.modelfleet.api.spi.deployment.TargetStatus;
import io.modelfleet.testkit.DeploymentTargetContract;
import io.modelfleet.testkit.KubernetesMockCluster;
import io.modelfleet.testkit.TestManifestSigning;

/**
 * The target against fabric8's mock API server in CRUD mode, reached through {@code masterUrl} like a real cluster. A
 * second, independent client plays the Deployment controller and the kubelet by writing status.
 */
class KubernetesDeploymentTargetTest extends DeploymentTargetContract {
    private static final String NS = "edge";
    private static final long EDGE = 7;
    private static final String NAME = "modelfleet-edge-7";
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final TargetModel V1 = new TargetModel(31, "defects", "v1", "onnx",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 4096, Map.of("image.width", "224"));
    private static final TargetModel V2 = new TargetModel(32, "defects", "v2", "onnx",
            "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", 5120, Map.of());

    @RegisterExtension
    final KubernetesMockCluster kube = KubernetesMockCluster.crud();

    private KubernetesMockServer server;
    private KubernetesClient cluster;
    private TestManifestSigning signing;
    private StubFleet fleet;
    private MutableClock clock;
    private KubernetesDeploymentTarget target;

    @BeforeEach
    void start() {
        server = kube.server();
        cluster = kube.client();
        signing = new TestManifestSigning();
        fleet = new StubFleet();
        clock = new MutableClock(T0);
        Map<String, Object> config = new HashMap<>();
        config.put("id", "factory-floor");
        config.put("masterUrl", server.url("/"));
        config.put("namespace", NS);
        config.put("image", "registry.example/modelfleet/edge-agent:0.1.0");
        config.put("imagePullPolicy", "IfNotPresent");
        config.put("imagePullSecrets", "regcred");
        config.put("serverUrl", "http://modelfleet.modelfleet.svc:8181");
        config.put("replicas", 2);
        config.put("cpuRequest", "250m");
        config.put("cpuLimit", "1");
        config.put("memoryRequest", "512Mi");
        config.put("memoryLimit", "1Gi");
        config.put("dataSizeLimit", "2Gi");
        config.put("nodeSelector", new String[] { "node-role.kubernetes.io/edge=" });
        config.put("tolerations", new String[] { "node-role.kubernetes.io/edge:NoSchedule",
                "node.kubernetes.io/unreachable:Exists:NoExecute" });
        config.put("labels", "team=vision,site=plant-1");
        config.put("serviceType", "NodePort");
        config.put("unschedulableGraceSeconds", 120L);
        config.put("requestRetryBackoffLimit", 0);
        target = new KubernetesDeploymentTarget(TestConfig.minimal(config), signing, fleet,
                new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                                io.fabric8.kubernetes.client.Config.empty()).withMasterUrl(server.url("/"))
                                .withRequestRetryBackoffLimit(0).build())
                        .withHttpClientFactory(new JdkHttpClientFactory()).build(),
                clock);
    }

    @AfterEach
    void stop() {
        target.close();
    }

    @Test
    void activationThroughTheConfiguredClient() {
        // the constructor DS calls: the client comes from masterUrl
        KubernetesDeploymentTarget viaDs = new KubernetesDeploymentTarget(TestConfig.minimal(Map.of(
                "masterUrl", server.url("/"), "id", "k8s")), signing, fleet);
        try {
            assertEquals("k8s", viaDs.descriptor().id());
            assertEquals("Kubernetes edge (k8s)", viaDs.descriptor().displayName());
        } finally {
            viaDs.close();
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new KubernetesDeploymentTarget(TestConfig.minimal(Map.of("masterUrl", server.url("/"),
                        "tolerations", "edge")), signing, fleet));
        assertTrue(bad.getMessage().contains("'kubernetes'") && bad.getMessage().contains("tolerations"),
                bad.getMessage());
    }

    @Test
    void applyCreatesTheSecretTheDeploymentAndTheService() throws Exception {
        assertEquals("factory-floor", target.descriptor().id());
        target.apply(List.of(deployment(100, V1)));

        // the identity: one credential, issued for this target, and the server's key
        assertEquals(1, fleet.issued.size());
        assertEquals("7", fleet.issued.get(0)[0]);
        assertEquals("target:factory-floor", fleet.issued.get(0)[1]);
        Secret secret = cluster.secrets().inNamespace(NS).withName(NAME).get();
        assertNotNull(secret);
        assertEquals(fleet.issued.get(0)[2], decode(secret.getData().get("credential")));
        assertEquals(signing.publicKey(), decode(secret.getData().get("server-key")));
        assertEquals("modelfleet", secret.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));

        Deployment deployment = cluster.apps().deployments().inNamespace(NS).withName(NAME).get();
        assertNotNull(deployment);
        Map<String, String> labels = deployment.getMetadata().getLabels();
        assertEquals("modelfleet-edge", labels.get("app.kubernetes.io/name"));
        assertEquals("7", labels.get("modelfleet.io/edge-id"));
        assertEquals("factory-floor", labels.get("modelfleet.io/target"));
        assertEquals("vision", labels.get("team"));
        assertEquals("plant-1", labels.get("site"));
        assertEquals("100", deployment.getMetadata().getAnnotations().get("modelfleet.io/deployment-id"));
        assertEquals("defects:v1", deployment.getMetadata().getAnnotations().get("modelfleet.io/model"));
        assertEquals("31", deployment.getMetadata().getAnnotations().get("modelfleet.io/model-version-id"));
        assertEquals("camera-7", deployment.getMetadata().getAnnotations().get("modelfleet.io/edge-name"));
        assertEquals(2, deployment.getSpec().getReplicas());
        assertEquals(Map.of("app.kubernetes.io/name", "modelfleet-edge", "modelfleet.io/edge-id", "7"),
                deployment.getSpec().getSelector().getMatchLabels());
        assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());

        var template = deployment.getSpec().getTemplate();
        assertEquals("100", template.getMetadata().getAnnotations().get("modelfleet.io/deployment-id"));
        assertEquals("7", template.getMetadata().getLabels().get("modelfleet.io/edge-id"));
        PodSpec pod = template.getSpec();
        assertEquals(Map.of("node-role.kubernetes.io/edge", ""), pod.getNodeSelector());
        List<Toleration> tolerations = pod.getTolerations();
        assertEquals(2, tolerations.size());
        assertEquals(List.of("node-role.kubernetes.io/edge", "Equal", "", "NoSchedule"), List.of(
                tolerations.get(0).getKey(), tolerations.get(0).getOperator(), tolerations.get(0).getValue(),
                tolerations.get(0).getEffect()));
        assertEquals("Exists", tolerations.get(1).getOperator());
        assertEquals("NoExecute", tolerations.get(1).getEffect());
        assertEquals("regcred", pod.getImagePullSecrets().get(0).getName());
        assertEquals(false, pod.getAutomountServiceAccountToken());
        assertEquals(true, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(65532L, pod.getSecurityContext().getRunAsUser());
        assertEquals(65532L, pod.getSecurityContext().getFsGroup());

        Volume identity = volume(pod, "identity");
        assertEquals(NAME, identity.getSecret().getSecretName());
        assertEquals(0400, identity.getSecret().getDefaultMode());
        assertEquals(new Quantity("2Gi"), volume(pod, "data").getEmptyDir().getSizeLimit());
        assertNotNull(volume(pod, "tmp").getEmptyDir());

        assertEquals(1, pod.getContainers().size());
        Container agent = pod.getContainers().get(0);
        assertEquals("registry.example/modelfleet/edge-agent:0.1.0", agent.getImage());
        assertEquals("IfNotPresent", agent.getImagePullPolicy());
        assertEquals(List.of("serve", "--server", "http://modelfleet.modelfleet.svc:8181",
                "--credential-file", "/var/run/modelfleet/credential",
                "--server-key-file", "/var/run/modelfleet/server-key",
                "--data", "/data", "--http-port", "8080"), agent.getArgs());
        assertTrue(agent.getCommand() == null || agent.getCommand().isEmpty(), "the image's entrypoint runs");
        assertEquals(8080, agent.getPorts().get(0).getContainerPort());
        assertEquals("/v1/health", agent.getReadinessProbe().getHttpGet().getPath());
        assertEquals("http", agent.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertNotNull(agent.getLivenessProbe().getHttpGet());
        assertEquals(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi")),
                agent.getResources().getRequests());
        assertEquals(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")), agent.getResources().getLimits());
        assertEquals(true, agent.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(true, agent.getSecurityContext().getRunAsNonRoot());
        assertEquals(false, agent.getSecurityContext().getAllowPrivilegeEscalation());
        Map<String, String> mounts = new HashMap<>();
        agent.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m.getName()));
        assertEquals(Map.of("/var/run/modelfleet", "identity", "/data", "data", "/tmp", "tmp"), mounts);

        Service service = cluster.services().inNamespace(NS).withName(NAME).get();
        assertNotNull(service);
        assertEquals("NodePort", service.getSpec().getType());
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());
        assertEquals(8080, service.getSpec().getPorts().get(0).getPort());
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals("factory-floor", service.getMetadata().getLabels().get("modelfleet.io/target"));
    }

    @Test
    void aNewDeploymentRollsThePodsWithTheSameCredential() throws Exception {
        target.apply(List.of(deployment(100, V1)));
        String credential = decode(cluster.secrets().inNamespace(NS).withName(NAME).get().getData().get("credential"));
        String uid = cluster.apps().deployments().inNamespace(NS).withName(NAME).get().getMetadata().getUid();
        // someone else's annotation on the Deployment stays
        cluster.apps().deployments().inNamespace(NS).withName(NAME).edit(d -> {
            d.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "1");
            return d;
        });

        target.apply(List.of(deployment(101, V2)));
        assertEquals(1, fleet.issued.size(), "no second credential");
        assertEquals(credential,
                decode(cluster.secrets().inNamespace(NS).withName(NAME).get().getData().get("credential")));
        Deployment updated = cluster.apps().deployments().inNamespace(NS).withName(NAME).get();
        assertEquals(uid, updated.getMetadata().getUid(), "the same Deployment, updated");
        assertEquals("101", updated.getSpec().getTemplate().getMetadata().getAnnotations()
                .get("modelfleet.io/deployment-id"));
        assertEquals("defects:v2", updated.getMetadata().getAnnotations().get("modelfleet.io/model"));
        assertEquals("1", updated.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertEquals(1, cluster.apps().deployments().inNamespace(NS).list().getItems().size());
        assertEquals(1, cluster.services().inNamespace(NS).list().getItems().size());

        // the same deployment again: nothing new
        target.apply(List.of(deployment(101, V2)));
        assertEquals(1, fleet.issued.size());
        assertEquals("101", cluster.apps().deployments().inNamespace(NS).withName(NAME).get().getSpec().getTemplate()
                .getMetadata().getAnnotations().get("modelfleet.io/deployment-id"));
    }

    @Test
    void aNewServerKeyReachesTheSecretButTheCredentialStays() throws Exception {
        target.apply(List.of(deployment(100, V1)));
        signing.rotate();
        target.apply(List.of(deployment(101, V1)));
        Secret secret = cluster.secrets().inNamespace(NS).withName(NAME).get();
        assertEquals(signing.publicKey(), decode(secret.getData().get("server-key")));
        assertEquals(fleet.issued.get(0)[2], decode(secret.getData().get("credential")));
        assertEquals(1, fleet.issued.size());
    }

    @Test
    void theServiceKeepsWhatTheClusterAllocated() throws Exception {
        target.apply(List.of(deployment(100, V1)));
        // what the API server would have allocated
        cluster.services().inNamespace(NS).withName(NAME).edit(s -> {
            s.getSpec().setClusterIP("10.96.0.17");
            s.getSpec().getPorts().get(0).setNodePort(30417);
            return s;
        });
        target.apply(List.of(deployment(101, V2)));
        Service service = cluster.services().inNamespace(NS).withName(NAME).get();
        assertEquals("10.96.0.17", service.getSpec().getClusterIP());
        assertEquals(30417, service.getSpec().getPorts().get(0).getNodePort());
        assertEquals("101", service.getMetadata().getAnnotations().get("modelfleet.io/deployment-id"));
    }

    @Test
    void withdrawingDeletesTheWorkloadButKeepsTheSecret() throws Exception {
        target.apply(List.of(deployment(100, V1)));
        target.apply(List.of(deployment(101, null)));
        assertNull(cluster.apps().deployments().inNamespace(NS).withName(NAME).get());
        assertNull(cluster.services().inNamespace(NS).withName(NAME).get());
        assertNotNull(cluster.secrets().inNamespace(NS).withName(NAME).get());
        TargetStatus gone = target.status(List.of(deployment(101, null))).get(101L);
        assertEquals(EdgeDeploymentStatus.ACTIVE, gone.status());
        assertTrue(target.manifest(deployment(101, null)).isEmpty());

        target.apply(List.of(deployment(101, null))); // again: nothing to delete
        target.apply(List.of(deployment(102, V1)));
        assertEquals(1, fleet.issued.size(), "the kept Secret's credential serves the next model");
        assertNotNull(cluster.apps().deployments().inNamespace(NS).withName(NAME).get());
    }

    @Test
    void objectsModelFleetDidNotCreateAreLeftAlone() throws Exception {
        cluster.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(NAME)
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> target.apply(List.of(deployment(100, V1))));
        assertTrue(e.getMessage().contains("did not create") && e.getMessage().contains(NS + "/" + NAME),
                e.getMessage());
        assertEquals(80, cluster.services().inNamespace(NS).withName(NAME).get().getSpec().getPorts().get(0).getPort());
    }

    @Test
    void statusFollowsTheRollout() throws Exception {
        TargetDeployment d100 = deployment(100, V1);
        assertStatus(EdgeDeploymentStatus.PENDING, "not created", d100);

        target.apply(List.of(d100));
        long generation = generation();
        // Kubernetes has not looked at it yet
        assertStatus(EdgeDeploymentStatus.DOWNLOADING, "0 of 2 pods ready", d100);

        pod("modelfleet-edge-7-a", 100, false, null);
        setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(2)
                .withUpdatedReplicas(2).withReadyReplicas(0).withAvailableReplicas(0).build());
        TargetStatus creating = status(d100);
        assertEquals(EdgeDeploymentStatus.DOWNLOADING, creating.status());
        assertTrue(creating.detail().contains("0 of 2 pods ready"), creating.detail());

        cluster.pods().inNamespace(NS).withName("modelfleet-edge-7-a").delete();
        pod("modelfleet-edge-7-a", 100, true, null);
        pod("modelfleet-edge-7-b", 100, false, null);
        setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(2)
                .withUpdatedReplicas(2).withReadyReplicas(1).withAvailableReplicas(1).build());
        assertStatus(EdgeDeploymentStatus.DOWNLOADING, "1 of 2 pods ready", d100);

        setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(2)
                .withUpdatedReplicas(2).withReadyReplicas(2).withAvailableReplicas(2).build());
        TargetStatus active = status(d100);
        assertEquals(EdgeDeploymentStatus.ACTIVE, active.status());
        assertTrue(active.detail().contains("defects:v1"), active.detail());

        // the next deployment: until apply, the Deployment still runs 100
        TargetDeployment d101 = deployment(101, V2);
        assertStatus(EdgeDeploymentStatus.PENDING, "rolling out", d101);
        target.apply(List.of(d101));
        // the old status (of generation 1) does not make 101 ACTIVE
        TargetStatus rolling = status(d101);
        assertEquals(EdgeDeploymentStatus.DOWNLOADING, rolling.status(), rolling.detail());
        // and the old pods' state is not the new deployment's
        assertTrue(rolling.detail().contains("0 of 2"), rolling.detail());
    }

    @Test
    void anImageThatCannotBePulledFails() throws Exception {
        TargetDeployment d = deployment(100, V1);
        target.apply(List.of(d));
        setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation()).withReplicas(2)
                .withUpdatedReplicas(2).withUnavailableReplicas(2).build());
        pod("modelfleet-edge-7-a", 100, false, waiting("ImagePullBackOff",
                "Back-off pulling image \"registry.example/modelfleet/edge-agent:0.1.0\"", 0, null));
        TargetStatus failed = status(d);
        assertEquals(EdgeDeploymentStatus.FAILED, failed.status());
        assertTrue(failed.detail().startsWith("image registry.example/modelfleet/edge-agent:0.1.0 cannot be pulled: "
                + "ImagePullBackOff"), failed.detail());
        assertTrue(failed.detail().contains("Back-off pulling image"), failed.detail());
    }

    @Test
    void aCrashLoopFailsWithTheLastExitCode() throws Exception {
        TargetDeployment d = deployment(100, V1);
        target.apply(List.of(d));
        setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation()).withReplicas(2)
                .withUpdatedReplicas(2).withUnavailableReplicas(2).build());
        pod("modelfleet-edge-7-a", 100, false, waiting("CrashLoopBackOff", "back-off 40s restarting failed container",
                4, new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder().withExitCode(2)
                        .withReason("Error").withMessage("cannot read /var/run/modelfleet/credential\n").build()));
        TargetStatus failed = status(d);
        assertEquals(EdgeDeploymentStatus.FAILED, failed.status());
        assertTrue(failed.detail().contains("CrashLoopBackOff"), failed.detail());
        assertTrue(failed.detail().contains("4 restarts"), failed.detail());
        assertTrue(failed.detail().contains("exit code 2 (Error)"), failed.detail());
        assertTrue(failed.detail().contains("cannot read /var/run/modelfleet/credential"), failed.detail());
    }

    @Test
    void anUnschedulablePodWaitsForTheGraceThenFails() throws Exception {
        TargetDeployment d = deployment(100, V1);
        target.apply(List.of(d));
        setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation()).withReplicas(2)
                .withUpdatedReplicas(2).withUnavailableReplicas(2).build());
        String message = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.";
        cluster.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("modelfleet-edge-7-a")
                .withLabels(WorkloadTemplate.selector(EDGE)).addToAnnotations("modelfleet.io/deployment-id", "100")
                .endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("x").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").addToConditions(new PodConditionBuilder()
                        .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage(message).withLastTransitionTime(T0.toString()).build())
                .endStatus().build()).create();

        clock.advance(Duration.ofSeconds(60));
        TargetStatus waiting = status(d);
        assertEquals(EdgeDeploymentStatus.PENDING, waiting.status());
        assertTrue(waiting.detail().contains("waiting for a node for 60 s") && waiting.detail().contains(message),
                waiting.detail());

        clock.advance(Duration.ofSeconds(61));
        TargetStatus failed = status(d);
        assertEquals(EdgeDeploymentStatus.FAILED, failed.status());
        assertEquals("unschedulable: " + message + " (pod modelfleet-edge-7-a, for 121 s)", failed.detail());
    }

    @Test
    void aStalledRolloutFailsWithTheConditionsMessage() throws Exception {
        TargetDeployment d = deployment(100, V1);
        target.apply(List.of(d));
        setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation()).withReplicas(2)
                .withUpdatedReplicas(1).withConditions(new DeploymentConditionBuilder().withType("Progressing")
                        .withStatus("False").withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet \"modelfleet-edge-7-5d8f\" has timed out progressing.").build())
                .build());
        TargetStatus failed = status(d);
        assertEquals(EdgeDeploymentStatus.FAILED, failed.status());
        assertTrue(failed.detail().contains("ProgressDeadlineExceeded") && failed.detail().contains("timed out"),
                failed.detail());

        setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation()).withReplicas(0)
                .withConditions(new DeploymentConditionBuilder().withType("ReplicaFailure").withStatus("True")
                        .withReason("FailedCreate").withMessage("pods \"modelfleet-edge-7-x\" is forbidden: "
                                + "exceeded quota: edge-quota").build())
                .build());
        TargetStatus quota = status(d);
        assertEquals(EdgeDeploymentStatus.FAILED, quota.status());
        assertTrue(quota.detail().contains("FailedCreate") && quota.detail().contains("exceeded quota"),
                quota.detail());
    }

    @Test
    void theManifestIsSignedForTheEdgeAndItsDeployment() throws Exception {
        TargetDeployment d = deployment(100, V1);
        SignedManifest signed = target.manifest(d).orElseThrow();
        ModelManifest m = signed.manifest();
        assertEquals(100, m.deploymentId());
        assertEquals(EDGE, m.edgeId());
        assertEquals(31, m.modelVersionId());
        assertEquals("defects", m.modelName());
        assertEquals("v1", m.modelVersion());
        assertEquals("onnx", m.format());
        assertEquals(V1.sha256(), m.sha256());
        assertEquals(4096, m.sizeBytes());
        assertEquals("/api/v1/edge/artifacts/100", m.artifactPath());
        assertEquals(Map.of("image.width", "224"), m.metadata());
        assertEquals(T0, m.issuedAt());
        assertEquals(T0.plus(Duration.ofHours(24)), m.expiresAt());
        assertTrue(TestManifestSigning.verify(signing.publicKey(), signed), "verifies with the key the Secret carries");
        SignedManifest other = new SignedManifest(new ModelManifest(100, 8, 31, "defects", "v1", "onnx", V1.sha256(),
                4096, m.artifactPath(), m.metadata(), m.issuedAt(), m.expiresAt()), signed.signature());
        assertFalse(TestManifestSigning.verify(signing.publicKey(), other), "not for another edge");
    }

    @Test
    void statusIsByDeploymentId() throws Exception {
        TargetDeployment a = new TargetDeployment(200, 1, "a", Map.of(), V1);
        TargetDeployment b = new TargetDeployment(201, 2, "b", Map.of(), V1);
        target.apply(List.of(a, b));
        Map<Long, TargetStatus> statuses = target.status(List.of(a, b));
        assertEquals(List.of(200L, 201L), List.copyOf(statuses.keySet()));
        assertEquals(2, fleet.issued.size());
        assertNotEquals(fleet.issued.get(0)[2], fleet.issued.get(1)[2]);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    @Override
    protected DeploymentTarget contractTarget() {
        return target;
    }

    @Override
    protected TargetDeployment contractDeployment() {
        return deployment(100, V1);
    }

    private static TargetDeployment deployment(long id, TargetModel model) {
        return new TargetDeployment(id, EDGE, "camera-7", Map.of("site", "plant-1"), model);
    }

    private TargetStatus status(TargetDeployment d) throws Exception {
        return target.status(List.of(d)).get(d.deploymentId());
    }

    private void assertStatus(EdgeDeploymentStatus expected, String fragment, TargetDeployment d) throws Exception {
        TargetStatus status = status(d);
        assertEquals(expected, status.status(), status.detail());
        assertTrue(status.detail().contains(fragment), status.detail());
    }

    private long generation() {
        Long generation = cluster.apps().deployments().inNamespace(NS).withName(NAME).get().getMetadata()
                .getGeneration();
        return generation == null ? 0 : generation;
    }

    private void setStatus(DeploymentStatus status) {
        cluster.apps().deployments().inNamespace(NS).withName(NAME).editStatus(d -> {
            d.setStatus(status);
            return d;
        });
    }

    private static ContainerStatus waiting(String reason, String message, int restarts,
            io.fabric8.kubernetes.api.model.ContainerStateTerminated last) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName("agent")
                .withImage("registry.example/modelfleet/edge-agent:0.1.0").withRestartCount(restarts).withReady(false)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState();
        if (last != null) {
            status.withNewLastState().withTerminated(last).endLastState();
        }
        return status.build();
    }

    /** A pod of the given deployment as the kubelet would report it. */
    private void pod(String name, long deploymentId, boolean ready, ContainerStatus container) {
        cluster.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(WorkloadTemplate.selector(EDGE))
                .addToAnnotations("modelfleet.io/deployment-id", String.valueOf(deploymentId)).endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("x").endContainer().endSpec()
                .withNewStatus().withPhase(ready ? "Running" : "Pending")
                .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
                        new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build())
                .withContainerStatuses(container == null ? List.of() : List.of(container))
                .endStatus().build()).create();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
