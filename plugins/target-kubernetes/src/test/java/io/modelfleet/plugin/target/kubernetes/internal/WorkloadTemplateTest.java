package io.modelfleet.plugin.target.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;

/** Configuration parsing and the objects built from it, without a cluster. */
class WorkloadTemplateTest {
    private static final TargetModel MODEL = new TargetModel(3, "defects", "v2", "onnx", "ab12", 1024, Map.of());

    @Test
    void tolerationForms() {
        List<Toleration> t = WorkloadTemplate.parseTolerations(
                " node-role.kubernetes.io/edge:NoSchedule, gpu=true:NoExecute ,example.com/spot:Exists:PreferNoSchedule",
                "dedicated=:NoSchedule");
        assertEquals(4, t.size());
        assertToleration(t.get(0), "node-role.kubernetes.io/edge", "Equal", "", "NoSchedule");
        assertToleration(t.get(1), "gpu", "Equal", "true", "NoExecute");
        assertToleration(t.get(2), "example.com/spot", "Exists", null, "PreferNoSchedule");
        assertToleration(t.get(3), "dedicated", "Equal", "", "NoSchedule");
        assertEquals(List.of(), WorkloadTemplate.parseTolerations());
        assertEquals(List.of(), WorkloadTemplate.parseTolerations(""));
        assertEquals(List.of(), WorkloadTemplate.parseTolerations("  "));
    }

    @ParameterizedTest
    @ValueSource(strings = { "gpu", "gpu=true", "gpu=true:NoSchedul", "gpu:noschedule", "gpu:Exists", "gpu:Equal:NoSchedule",
            "gpu=true:Exists:NoSchedule", "gpu:Exists:NoSchedule:300", "a=b=c:NoSchedule", ",gpu:NoSchedule",
            "gpu:NoSchedule,,spot:NoSchedule", "gpu:NoSchedule,", "=true:NoSchedule", ":NoSchedule", "*:NoSchedule",
            "bad key:NoSchedule", "gpu=bad value:NoSchedule", "-gpu:NoSchedule", "a/b/c:NoSchedule" })
    void badTolerationsFailWithTheEntry(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkloadTemplate.parseTolerations(text));
        assertTrue(e.getMessage().startsWith("tolerations"), e.getMessage());
    }

    @Test
    void badTolerationMessagesSayWhatIsWrong() {
        assertMessage(() -> WorkloadTemplate.parseTolerations("edge"), "needs an effect");
        assertMessage(() -> WorkloadTemplate.parseTolerations("edge:Sometimes"), "'Sometimes'", "NoSchedule");
        assertMessage(() -> WorkloadTemplate.parseTolerations("edge:Equal:NoSchedule"), "'Equal'", "key:Exists:Effect");
        assertMessage(() -> WorkloadTemplate.parseTolerations("edge=x:Exists:NoSchedule"), "no value with Exists");
        assertMessage(() -> WorkloadTemplate.parseTolerations("ok:NoSchedule", ""), "empty entry");
    }

    @Test
    void nodeSelector() {
        assertEquals(Map.of("node-role.kubernetes.io/edge", "", "kubernetes.io/arch", "arm64"),
                WorkloadTemplate.parseNodeSelector("node-role.kubernetes.io/edge=", " kubernetes.io/arch=arm64 "));
        assertEquals(Map.of("a", "1", "b", "2"), WorkloadTemplate.parseNodeSelector("a=1,b=2"));
        assertEquals(Map.of(), WorkloadTemplate.parseNodeSelector());
        assertEquals(Map.of(), WorkloadTemplate.parseNodeSelector(""));
    }

    @ParameterizedTest
    @ValueSource(strings = { "node-role.kubernetes.io/edge", "pool=gpu,pool=cpu", "pool=gpu,", "=gpu", "pool=a b",
            "pool:gpu", "a/b/c=x", "Example_COM/x=y" })
    void badNodeSelectorsFail(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkloadTemplate.parseNodeSelector(text));
        assertTrue(e.getMessage().startsWith("nodeSelector"), e.getMessage());
    }

    @Test
    void extraLabelsCannotReplaceTheTargetsOwn() {
        assertEquals(Map.of("team", "vision"), WorkloadTemplate.parseLabels("team=vision"));
        assertMessage(() -> WorkloadTemplate.parseLabels("modelfleet.io/edge-id=3"), "labels", "set by the target");
        assertMessage(() -> WorkloadTemplate.parseLabels("app.kubernetes.io/name=x"), "labels");
    }

    @Test
    void badConfigurationFailsActivationWithTheKey() {
        assertBad(Map.of("tolerations", "node-role.kubernetes.io/edge:Sometimes"), "tolerations", "Sometimes");
        assertBad(Map.of("nodeSelector", "node-role.kubernetes.io/edge"), "nodeSelector", "key=value");
        assertBad(Map.of("image", " "), "image");
        assertBad(Map.of("image", "modelfleet/edge agent"), "image");
        assertBad(Map.of("serverUrl", ""), "serverUrl");
        assertBad(Map.of("serverUrl", "modelfleet:8181"), "serverUrl");
        assertBad(Map.of("serverUrl", "ftp://modelfleet"), "serverUrl");
        assertBad(Map.of("serverUrl", "http://user:pw@modelfleet"), "serverUrl");
        assertBad(Map.of("namespace", "Edge"), "namespace");
        assertBad(Map.of("id", "k8s/edge"), "id");
        assertBad(Map.of("imagePullPolicy", "always"), "imagePullPolicy");
        assertBad(Map.of("imagePullSecrets", "Regcred"), "imagePullSecrets");
        assertBad(Map.of("serviceAccountName", "Agent"), "serviceAccountName");
        assertBad(Map.of("replicas", 0), "replicas");
        assertBad(Map.of("cpuRequest", "two"), "cpuRequest");
        assertBad(Map.of("memoryLimit", "-1Gi"), "memoryLimit");
        assertBad(Map.of("memoryRequest", "2Gi", "memoryLimit", "1Gi"), "memoryRequest");
        assertBad(Map.of("dataSizeLimit", "lots"), "dataSizeLimit");
        assertBad(Map.of("serviceType", "LoadBalancer"), "serviceType");
        assertBad(Map.of("labels", "modelfleet.io/target=other"), "labels");
        assertBad(Map.of("runAsUser", 0L), "runAsUser", "root");
        assertBad(Map.of("fsGroup", -2L), "fsGroup");
        assertBad(Map.of("progressDeadlineSeconds", 0), "progressDeadlineSeconds");
        assertBad(Map.of("unschedulableGraceSeconds", -1L), "unschedulableGraceSeconds");
        assertBad(Map.of("manifestValidityHours", 0), "manifestValidityHours");
        assertBad(Map.of("nodeNameTag", "node name"), "nodeNameTag");
        assertBad(Map.of("nodeNameTag", "node", "nodeSelector", "kubernetes.io/hostname=a"), "nodeNameTag");
    }

    @Test
    void theAgentCommandLine() {
        WorkloadTemplate template = new WorkloadTemplate(TestConfig.minimal(Map.of("serverUrl",
                "https://fleet.example.com/")), "edge");
        assertEquals(List.of("serve", "--server", "https://fleet.example.com",
                "--credential-file", "/var/run/modelfleet/credential",
                "--server-key-file", "/var/run/modelfleet/server-key",
                "--data", "/data", "--http-port", "8080"), template.args());
    }

    @Test
    void optionalSettingsStayUnset() {
        WorkloadTemplate template = new WorkloadTemplate(TestConfig.minimal(Map.of("runAsUser", -1L, "fsGroup", -1L)),
                "edge");
        Deployment deployment = template.deployment(new TargetDeployment(9, 4, "cam-4", Map.of(), MODEL));
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertNull(pod.getNodeSelector());
        assertEquals(List.of(), pod.getTolerations());
        assertEquals(List.of(), pod.getImagePullSecrets());
        assertNull(pod.getServiceAccountName());
        assertNull(pod.getSecurityContext().getRunAsUser());
        assertNull(pod.getSecurityContext().getFsGroup());
        assertEquals(true, pod.getSecurityContext().getRunAsNonRoot());
        assertNull(pod.getContainers().get(0).getResources().getLimits());
        assertNull(pod.getContainers().get(0).getResources().getRequests());
        assertNull(pod.getContainers().get(0).getImagePullPolicy());
        assertEquals(1, deployment.getSpec().getReplicas());
    }

    @Test
    void anEdgeTagPinsItsPodsToANode() {
        WorkloadTemplate template = new WorkloadTemplate(TestConfig.minimal(Map.of("nodeNameTag", "node",
                "nodeSelector", "node-role.kubernetes.io/edge=")), "edge");
        Deployment pinned = template.deployment(new TargetDeployment(9, 4, "cam-4", Map.of("node", "edge-node-4"),
                MODEL));
        assertEquals(Map.of("node-role.kubernetes.io/edge", "", "kubernetes.io/hostname", "edge-node-4"),
                pinned.getSpec().getTemplate().getSpec().getNodeSelector());
        Deployment free = template.deployment(new TargetDeployment(9, 4, "cam-4", Map.of("site", "a"), MODEL));
        assertEquals(Map.of("node-role.kubernetes.io/edge", ""),
                free.getSpec().getTemplate().getSpec().getNodeSelector());
        assertMessage(() -> template.deployment(new TargetDeployment(9, 4, "cam-4", Map.of("node", "-bad-"), MODEL)),
                "edge 4", "node");
    }

    @Test
    void aWithdrawnDeploymentHasNoWorkload() {
        WorkloadTemplate template = new WorkloadTemplate(TestConfig.minimal(Map.of()), "edge");
        assertThrows(IllegalArgumentException.class,
                () -> template.deployment(new TargetDeployment(9, 4, "cam-4", Map.of(), null)));
        assertThrows(IllegalArgumentException.class, () -> WorkloadTemplate.name(-1));
    }

    private static void assertBad(Map<String, Object> values, String... fragments) {
        KubernetesTargetConfiguration config = TestConfig.minimal(values);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WorkloadTemplate(config, config.namespace()));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should mention " + fragment);
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should mention " + fragment);
        }
    }

    private static void assertToleration(Toleration t, String key, String operator, String value, String effect) {
        assertEquals(key, t.getKey(), "key");
        assertEquals(operator, t.getOperator(), "operator");
        assertEquals(value, t.getValue(), "value");
        assertEquals(effect, t.getEffect(), "effect");
    }
}
