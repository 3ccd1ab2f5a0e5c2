package io.modelfleet.plugin.training.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.api.spi.training.TrainingRequest;

/** Configuration parsing, without a cluster. */
class JobTemplateTest {

    @Test
    void tolerationForms() {
        List<Toleration> t = JobTemplate.parseTolerations(
                " gpu=true:NoSchedule, example.com/spot:PreferNoSchedule,dedicated=ml, maintenance ,*:NoExecute,*");
        assertEquals(6, t.size());
        assertToleration(t.get(0), "gpu", "Equal", "true", "NoSchedule");
        assertToleration(t.get(1), "example.com/spot", "Exists", null, "PreferNoSchedule");
        assertToleration(t.get(2), "dedicated", "Equal", "ml", null);
        assertToleration(t.get(3), "maintenance", "Exists", null, null);
        assertToleration(t.get(4), null, "Exists", null, "NoExecute");
        assertToleration(t.get(5), null, "Exists", null, null);
        assertEquals(List.of(), JobTemplate.parseTolerations(""));
        assertEquals(List.of(), JobTemplate.parseTolerations("  "));
        // an empty value is a valid taint value
        assertToleration(JobTemplate.parseTolerations("gpu=:NoSchedule").get(0), "gpu", "Equal", "", "NoSchedule");
    }

    @ParameterizedTest
    @ValueSource(strings = { "gpu=true:NoSchedul", "gpu=true:noschedule", "gpu:NoSchedule:300", "a=b=c", ",gpu",
            "gpu,,spot", "gpu,", "=true:NoSchedule", ":NoSchedule", "*=x", "bad key:NoSchedule", "gpu=bad value",
            "-gpu:NoSchedule", "Example.COM/gpu", "gpu=" + "x" + "1234567890123456789012345678901234567890123456789012345678901234" })
    void badTolerationsFailWithTheEntry(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobTemplate.parseTolerations(text));
        assertTrue(e.getMessage().startsWith("tolerations"), e.getMessage());
    }

    @Test
    void nodeSelector() {
        assertEquals(Map.of("pool", "gpu", "kubernetes.io/arch", "amd64", "empty", ""),
                JobTemplate.parseNodeSelector("pool=gpu, kubernetes.io/arch=amd64 ,empty="));
        assertEquals(Map.of(), JobTemplate.parseNodeSelector(""));
    }

    @ParameterizedTest
    @ValueSource(strings = { "pool", "pool=gpu,pool=cpu", "pool=gpu,", "=gpu", "pool=a b", "pool:gpu", "a/b/c=x" })
    void badNodeSelectorsFail(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobTemplate.parseNodeSelector(text));
        assertTrue(e.getMessage().startsWith("nodeSelector"), e.getMessage());
    }

    @Test
    void badConfigurationFailsActivationWithTheKeyAndBackend() {
        assertBad(Map.of("tolerations", "gpu=true:Sometimes"), "tolerations", "Sometimes");
        assertBad(Map.of("nodeSelector", "pool"), "nodeSelector", "key=value");
        assertBad(Map.of("image", " "), "image");
        assertBad(Map.of("presignedUrlSeconds", 59L), "presignedUrlSeconds", "60 to 604800");
        assertBad(Map.of("presignedUrlSeconds", 604_801L), "presignedUrlSeconds", "60 to 604800");
        assertBad(Map.of("artifactVolumeClaim", "Artifacts_PVC"), "artifactVolumeClaim");
        assertBad(Map.of("namespace", "ML"), "namespace");
        assertBad(Map.of("imagePullPolicy", "always"), "imagePullPolicy");
        assertBad(Map.of("cpuRequest", "two"), "cpuRequest");
        assertBad(Map.of("memoryLimit", "-1Gi"), "memoryLimit");
        assertBad(Map.of("cpuRequest", "2", "cpuLimit", "500m"), "cpuRequest");
        assertBad(Map.of("gpuCount", -1), "gpuCount");
        assertBad(Map.of("gpuCount", 1, "gpuResource", "nvidia com/gpu"), "gpuResource");
        assertBad(Map.of("artifactMountPath", "artifacts"), "artifactMountPath");
        assertBad(Map.of("artifactMountPath", "/"), "artifactMountPath");
        assertBad(Map.of("artifactMountPath", "/data/../etc"), "artifactMountPath");
        assertBad(Map.of("backoffLimit", -1), "backoffLimit");
        assertBad(Map.of("activeDeadlineSeconds", -5L), "activeDeadlineSeconds");
        assertBad(Map.of("ttlSecondsAfterFinished", -2), "ttlSecondsAfterFinished");
        assertBad(Map.of("serviceAccountName", "Trainer"), "serviceAccountName");
        assertBad(Map.of("fsGroup", -2L), "fsGroup");
        assertBad(Map.of("imagePullSecrets", "regcred,,other"), "imagePullSecrets");
    }

    @Test
    void presignedUrlValidityIsSixtySecondsToSevenDays() {
        assertEquals(java.time.Duration.ofSeconds(60),
                new JobTemplate(TestConfig.minimal(Map.of("presignedUrlSeconds", 60L)), "ml").presignedUrlValidity);
        assertEquals(java.time.Duration.ofDays(7),
                new JobTemplate(TestConfig.minimal(Map.of("presignedUrlSeconds", 604_800L)), "ml").presignedUrlValidity);
        assertEquals(java.time.Duration.ofDays(1), new JobTemplate(TestConfig.minimal(Map.of()), "ml").presignedUrlValidity);
    }

    /** Without a claim the backend activates (an S3 store presigns), but a Job on the volume cannot be made. */
    @Test
    void withoutAClaimOnlyPresignedJobsCanBeMade() {
        JobTemplate template = new JobTemplate(TestConfig.minimal(Map.of("artifactVolumeClaim", " ")), "ml");
        assertTrue(!template.hasVolume());
        TrainingRequest request = new TrainingRequest(5, "tabular", "1", "{}", 0, "d/x.csv", "a,b", "runs/5");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> template.job(request));
        assertTrue(e.getMessage().contains("no artifactVolumeClaim") && e.getMessage().contains("plugins/store-s3"),
                e.getMessage());
        var urls = new PresignedInputs(java.net.URI.create("https://s/d"), java.net.URI.create("https://s/m"),
                java.net.URI.create("https://s/p"), java.net.URI.create("https://s/r"), Map.of(), null);
        var pod = template.job(request, urls).getSpec().getTemplate().getSpec();
        assertEquals(List.of(), pod.getVolumes());
        assertEquals(List.of(), pod.getContainers().get(0).getVolumeMounts());
    }

    @Test
    void optionalSettingsStayUnset() {
        Job job = new JobTemplate(TestConfig.minimal(Map.of("ttlSecondsAfterFinished", -1)), "ml")
                .job(new TrainingRequest(5, "tabular", "1", null, 0, "d/x.csv", "a,b", "runs/5"));
        assertEquals(null, job.getSpec().getActiveDeadlineSeconds());
        assertEquals(null, job.getSpec().getTtlSecondsAfterFinished());
        var pod = job.getSpec().getTemplate().getSpec();
        assertEquals(null, pod.getNodeSelector());
        assertEquals(List.of(), pod.getTolerations());
        assertEquals(null, pod.getServiceAccountName());
        assertEquals(null, pod.getSecurityContext());
        assertEquals(null, pod.getContainers().get(0).getResources().getLimits());
        assertEquals(null, pod.getContainers().get(0).getImagePullPolicy());
        assertEquals("{}", pod.getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("MODELFLEET_PARAMETERS")).findFirst().orElseThrow().getValue());
        // trailing slashes of the mount path do not double
        Job slashed = new JobTemplate(TestConfig.minimal(Map.of("artifactMountPath", "/mnt/store/")), "ml")
                .job(new TrainingRequest(5, "tabular", "1", "{}", 0, "d/x.csv", "a,b", "runs/5"));
        assertTrue(slashed.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .anyMatch(e -> e.getName().equals("MODELFLEET_DATASET") && e.getValue().equals("/mnt/store/d/x.csv")));
    }

    @Test
    void modelInputsReachTheContainerAsJsonAndTheirKeysAreChecked() throws Exception {
        JobTemplate template = new JobTemplate(TestConfig.minimal(Map.of()), "ml");
        var backbone = new ModelInput("backbone", "mobilenet:v1", "training/models/ab.onnx",
                "ab", Map.of("image.width", "224"));
        Job job = template.job(new TrainingRequest(5, "image-classification", "1", "{}", 0, "d/x.csv", "a,b", "runs/5",
                DatasetKind.FILES, List.of(backbone)));
        String json = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("MODELFLEET_MODELS")).findFirst().orElseThrow().getValue();
        // what the training container reads back (TrainerMain.inputModels)
        assertEquals(List.of(backbone), new ObjectMapper().readValue(json,
                new TypeReference<List<ModelInput>>() {
                }));
        var outside = new ModelInput("backbone", "m:1", "../secret", "ab", Map.of());
        assertThrows(IllegalArgumentException.class, () -> template.job(new TrainingRequest(5, "x", "1", "{}", 0,
                "d/x.csv", "a", "runs/5", DatasetKind.FILES, List.of(outside))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "../secret", "/abs/key", "a/../../b", "a//b", "a/./b", "" })
    void keysOutsideTheStoreAreRefused(String key) {
        JobTemplate template = new JobTemplate(TestConfig.minimal(Map.of()), "ml");
        assertThrows(IllegalArgumentException.class,
                () -> template.job(new TrainingRequest(5, "tabular", "1", "{}", 0, key, "a", "runs/5")));
        assertThrows(IllegalArgumentException.class,
                () -> template.job(new TrainingRequest(5, "tabular", "1", "{}", 0, "d.csv", "a", key)));
    }

    private static void assertBad(Map<String, Object> values, String... fragments) {
        KubernetesTrainingConfiguration config = TestConfig.minimal(values);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JobTemplate(config, config.namespace()));
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
