package io.modelfleet.plugin.training.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.api.spi.training.TrainingBackend;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.spi.training.TrainingStatus;
import io.modelfleet.testkit.ConfigAnnotations;
import io.modelfleet.testkit.KubernetesMockCluster;
import io.modelfleet.testkit.TrainingBackendContract;

/**
 * The backend against fabric8's mock API server in CRUD mode (plus expectations for pod logs), reached through the
 * {@code masterUrl} configuration like a real cluster. A second, independent client plays the Job controller.
 */
class KubernetesTrainingBackendTest extends TrainingBackendContract {
    private static final String NS = "ml";
    private static final TrainingRequest REQUEST = new TrainingRequest(42, "tabular-classifier", "2.1.0",
            "{\"epochs\":5,\"learningRate\":0.01}", 7, "datasets/9/versions/3/data.csv", "cat,dog,bird",
            "training/runs/42");

    @RegisterExtension
    final KubernetesMockCluster kube = KubernetesMockCluster.crud();

    private KubernetesMockServer server;
    private KubernetesClient cluster;
    private KubernetesTrainingBackend backend;

    @BeforeEach
    void start() {
        server = kube.server();
        cluster = kube.client();
        Map<String, Object> config = new HashMap<>();
        config.put("id", "k8s-gpu");
        config.put("masterUrl", server.url("/"));
        config.put("namespace", NS);
        config.put("image", "registry.example/modelfleet/trainer:1.0");
        config.put("imagePullPolicy", "IfNotPresent");
        config.put("imagePullSecrets", "regcred");
        config.put("serviceAccountName", "trainer");
        config.put("cpuRequest", "2");
        config.put("memoryRequest", "4Gi");
        config.put("cpuLimit", "4");
        config.put("memoryLimit", "8Gi");
        config.put("gpuCount", 2);
        config.put("nodeSelector", "pool=gpu,kubernetes.io/arch=amd64");
        config.put("tolerations", "nvidia.com/gpu=present:NoSchedule,spot:PreferNoSchedule");
        config.put("artifactVolumeClaim", "modelfleet-artifacts");
        config.put("artifactMountPath", "/mnt/artifacts");
        config.put("backoffLimit", 1);
        config.put("activeDeadlineSeconds", 3600L);
        config.put("ttlSecondsAfterFinished", 600);
        config.put("requestRetryBackoffLimit", 0);
        config.put("runAsUser", 1000L);
        config.put("fsGroup", 2000L);
        backend = new KubernetesTrainingBackend(ConfigAnnotations.of(KubernetesTrainingConfiguration.class, config)); // the constructor DS calls
    }

    @Override
    protected TrainingBackend contractBackend() {
        return backend;
    }

    @Override
    protected String unknownHandle() {
        return NS + "/modelfleet-train-404";
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    @Test
    void submitCreatesTheJob() throws Exception {
        assertEquals("k8s-gpu", backend.descriptor().id());
        String handle = backend.submit(REQUEST);
        assertEquals("ml/modelfleet-train-42", handle);

        Job job = cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-42").get();
        assertNotNull(job, "the Job is on the server");
        Map<String, String> labels = job.getMetadata().getLabels();
        assertEquals("modelfleet", labels.get("app.kubernetes.io/managed-by"));
        assertEquals("42", labels.get("modelfleet.io/run-id"));
        assertEquals("k8s-gpu", labels.get("modelfleet.io/backend"));
        assertEquals(1, job.getSpec().getBackoffLimit());
        assertEquals(3600L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals(600, job.getSpec().getTtlSecondsAfterFinished());

        assertEquals("42", job.getSpec().getTemplate().getMetadata().getLabels().get("modelfleet.io/run-id"));
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals("trainer", pod.getServiceAccountName());
        assertEquals(1000L, pod.getSecurityContext().getRunAsUser());
        assertEquals(2000L, pod.getSecurityContext().getFsGroup());
        assertEquals("regcred", pod.getImagePullSecrets().get(0).getName());
        assertEquals(Map.of("pool", "gpu", "kubernetes.io/arch", "amd64"), pod.getNodeSelector());
        List<Toleration> tolerations = pod.getTolerations();
        assertEquals(2, tolerations.size());
        assertEquals(List.of("nvidia.com/gpu", "Equal", "present", "NoSchedule"), List.of(tolerations.get(0).getKey(),
                tolerations.get(0).getOperator(), tolerations.get(0).getValue(), tolerations.get(0).getEffect()));
        assertEquals("spot", tolerations.get(1).getKey());
        assertEquals("Exists", tolerations.get(1).getOperator());
        assertNull(tolerations.get(1).getValue());
        assertEquals("PreferNoSchedule", tolerations.get(1).getEffect());
        assertEquals(1, pod.getVolumes().size());
        assertEquals("modelfleet-artifacts", pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName());

        assertEquals(1, pod.getContainers().size());
        Container trainer = pod.getContainers().get(0);
        assertEquals("trainer", trainer.getName());
        assertEquals("registry.example/modelfleet/trainer:1.0", trainer.getImage());
        assertEquals("IfNotPresent", trainer.getImagePullPolicy());
        assertEquals(Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi")),
                trainer.getResources().getRequests());
        assertEquals(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "nvidia.com/gpu",
                new Quantity("2")), trainer.getResources().getLimits());
        assertEquals(1, trainer.getVolumeMounts().size());
        assertEquals(pod.getVolumes().get(0).getName(), trainer.getVolumeMounts().get(0).getName());
        assertEquals("/mnt/artifacts", trainer.getVolumeMounts().get(0).getMountPath());
        Map<String, String> env = trainer.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals(Map.of(
                "MODELFLEET_RUN_ID", "42",
                "MODELFLEET_SOLUTION", "tabular-classifier",
                "MODELFLEET_SOLUTION_VERSION", "2.1.0",
                "MODELFLEET_PARAMETERS", "{\"epochs\":5,\"learningRate\":0.01}",
                "MODELFLEET_SEED", "7",
                "MODELFLEET_LABELS", "cat,dog,bird",
                "MODELFLEET_DATASET", "/mnt/artifacts/datasets/9/versions/3/data.csv",
                "MODELFLEET_ARTIFACTS", "/mnt/artifacts",
                "MODELFLEET_OUTPUT", "/mnt/artifacts/training/runs/42"), env);

        assertEquals(TrainingPhase.QUEUED, backend.status(handle).phase());
    }

    private static Map<String, String> env(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** With a presigning store (the S3 one) the Job gets URLs and no volume; the claim is not even needed. */
    @Test
    void aPresigningStoreGivesTheJobUrlsInsteadOfTheVolume() throws Exception {
        InMemoryStore.Presigning store = new InMemoryStore.Presigning();
        store.blobs.put("datasets/9/versions/3/data.csv", "width,label\n1,cat\n".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> config = new HashMap<>(Map.of("masterUrl", server.url("/"), "namespace", NS, "image", "t:1",
                "artifactVolumeClaim", "", "presignedUrlSeconds", 7200L, "requestRetryBackoffLimit", 0));
        KubernetesTrainingBackend s3Backend = new KubernetesTrainingBackend(
                ConfigAnnotations.of(KubernetesTrainingConfiguration.class, config));
        try {
            // no store yet: the volume is the only way, and there is none
            IllegalStateException noWay = assertThrows(IllegalStateException.class, () -> s3Backend.submit(REQUEST));
            assertTrue(noWay.getMessage().contains("no artifactVolumeClaim"), noWay.getMessage());

            s3Backend.setArtifacts(store);
            s3Backend.submit(REQUEST);
            Job job = cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-42").get();
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            assertEquals(List.of(), pod.getVolumes());
            assertEquals(List.of(), pod.getContainers().get(0).getVolumeMounts());
            Map<String, String> env = env(job);
            assertEquals("https://store.example/datasets/9/versions/3/data.csv?method=GET&validity=PT2H",
                    env.get("MODELFLEET_DATASET_URL"));
            assertEquals("https://store.example/training/runs/42/model.onnx?method=PUT&validity=PT2H",
                    env.get("MODELFLEET_OUTPUT_MODEL_URL"));
            assertEquals("https://store.example/training/runs/42/predictions.csv?method=PUT&validity=PT2H",
                    env.get("MODELFLEET_OUTPUT_PREDICTIONS_URL"));
            assertEquals("https://store.example/training/runs/42/result.json?method=PUT&validity=PT2H",
                    env.get("MODELFLEET_OUTPUT_RESULT_URL"));
            for (String volumeOnly : List.of("MODELFLEET_DATASET", "MODELFLEET_ARTIFACTS", "MODELFLEET_OUTPUT",
                    "MODELFLEET_CONTENT_URLS", "MODELFLEET_MODEL_URLS")) {
                assertFalse(env.containsKey(volumeOnly), volumeOnly);
            }
            assertEquals("42", env.get("MODELFLEET_RUN_ID"));

            // the store unbinds (its configuration was deleted): back to the volume, which this backend lacks
            s3Backend.unsetArtifacts(new InMemoryStore.Presigning()); // not the bound one: nothing changes
            cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-42").delete();
            s3Backend.submit(REQUEST);
            s3Backend.unsetArtifacts(store);
            cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-42").delete();
            assertThrows(IllegalStateException.class, () -> s3Backend.submit(REQUEST));
        } finally {
            s3Backend.close();
        }
    }

    /** A store that cannot presign (the filesystem one) keeps the volume, as before. */
    @Test
    void aPlainStoreKeepsTheVolume() throws Exception {
        backend.setArtifacts(new InMemoryStore());
        backend.submit(REQUEST);
        Job job = cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-42").get();
        assertEquals("modelfleet-artifacts",
                job.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
        assertEquals("/mnt/artifacts/datasets/9/versions/3/data.csv", env(job).get("MODELFLEET_DATASET"));
        assertFalse(env(job).containsKey("MODELFLEET_DATASET_URL"));
    }

    /** The platform wrote the dataset to another store (it bound the filesystem store before S3 came): refused. */
    @Test
    void aDatasetThatIsNotInThePresigningStoreIsRefused() {
        backend.setArtifacts(new InMemoryStore.Presigning());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.submit(REQUEST));
        assertTrue(e.getMessage().contains("is not in the presigning artifact store"), e.getMessage());
        assertNull(cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-42").get());
    }

    /** FILES: a manifest of content URLs in the store, its URL to the Job; input models get GET URLs. */
    @Test
    void aFilesDatasetGetsAManifestOfContentUrlsAndModelsTheirUrls() throws Exception {
        InMemoryStore.Presigning store = new InMemoryStore.Presigning();
        store.blobs.put("training/datasets/7.csv", ("key,content,label\r\ncats/1.png,blobs/aa.png,cat\r\n"
                + "dogs/1.png,blobs/bb.png,dog\r\ncats/1-copy.png,blobs/aa.png,cat\r\nunlabelled.png,,\r\n")
                .getBytes(StandardCharsets.UTF_8));
        store.blobs.put("training/models/ab.onnx", new byte[] { 1 });
        ModelInput backbone = new ModelInput("backbone", "mobilenet:1", "training/models/ab.onnx", "ab", Map.of());
        TrainingRequest files = new TrainingRequest(43, "image-classification", "1.0.0", "{}", 1, "training/datasets/7.csv",
                "cat,dog", "training/runs/43", DatasetKind.FILES, List.of(backbone));
        backend.setArtifacts(store);
        backend.submit(files);
        Map<String, String> env = env(cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-43").get());
        String manifestUrl = env.get("MODELFLEET_CONTENT_URLS");
        String manifestKey = manifestUrl.substring("https://store.example/".length(), manifestUrl.indexOf('?'));
        assertTrue(manifestKey.matches("training/runs/43/content-urls-[0-9]+\\.csv"), manifestKey);
        assertEquals("content,url\r\n"
                + "blobs/aa.png,https://store.example/blobs/aa.png?method=GET&validity=PT24H\r\n"
                + "blobs/bb.png,https://store.example/blobs/bb.png?method=GET&validity=PT24H\r\n",
                new String(store.blobs.get(manifestKey), StandardCharsets.UTF_8), "each content once, empty ones left out");
        assertEquals("{\"training/models/ab.onnx\":\"https://store.example/training/models/ab.onnx?method=GET&validity=PT24H\"}",
                env.get("MODELFLEET_MODEL_URLS"));
        assertTrue(env.get("MODELFLEET_MODELS").contains("\"key\":\"training/models/ab.onnx\""));

        // the limit on item files a Job gets as URLs
        IllegalStateException tooMany = assertThrows(IllegalStateException.class, () -> PresignedInputs.of(store, files,
                java.time.Duration.ofHours(1), 1, java.time.Clock.systemUTC()));
        assertTrue(tooMany.getMessage().contains("more than 1 item files"), tooMany.getMessage());
        assertEquals(100_000, PresignedInputs.MAX_CONTENT_URLS);
        // a model copy that is not there is refused
        store.blobs.remove("training/models/ab.onnx");
        assertThrows(IllegalStateException.class, () -> PresignedInputs.of(store, files, java.time.Duration.ofHours(1), 10,
                java.time.Clock.systemUTC()));
    }

    @Test
    void submittingAgainAdoptsTheJob() throws Exception {
        String first = backend.submit(REQUEST);
        String uid = cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-42").get()
                .getMetadata().getUid();
        assertEquals(first, backend.submit(REQUEST));
        assertEquals(1, cluster.batch().v1().jobs().inNamespace(NS).list().getItems().size());
        assertEquals(uid, cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-42").get()
                .getMetadata().getUid(), "the same Job, not a new one");
    }

    @Test
    void aForeignJobOfTheSameNameIsNotAdopted() {
        cluster.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata()
                .withName("modelfleet-train-42").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("x").withImage("busybox").endContainer().withRestartPolicy("Never")
                .endSpec().endTemplate().endSpec().build()).create();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.submit(REQUEST));
        assertTrue(e.getMessage().contains("did not create"), e.getMessage());
    }

    @Test
    void statusFollowsTheJob() throws Exception {
        String handle = backend.submit(REQUEST);
        assertEquals(TrainingPhase.QUEUED, backend.status(handle).phase());

        setStatus(new JobStatusBuilder().withActive(1).build());
        assertEquals(TrainingPhase.RUNNING, backend.status(handle).phase());

        setStatus(new JobStatusBuilder().withActive(0).withSucceeded(1).build());
        TrainingStatus done = backend.status(handle);
        assertEquals(TrainingPhase.SUCCEEDED, done.phase());
        assertEquals(1.0, done.progress());
    }

    @Test
    void aFailedConditionFailsTheRunWithItsReasonAndTheExitCode() throws Exception {
        String handle = backend.submit(REQUEST);
        cluster.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("modelfleet-train-42-abcde")
                .addToLabels("job-name", "modelfleet-train-42").endMetadata()
                .withNewSpec().addNewContainer().withName("trainer").withImage("x").endContainer().endSpec()
                .withNewStatus().withPhase("Failed").addNewContainerStatus().withName("trainer").withNewState()
                .withNewTerminated().withExitCode(3).withReason("Error")
                .withMessage("ValueError: the label column is missing\n").endTerminated().endState()
                .endContainerStatus().endStatus().build()).create();
        setStatus(new JobStatusBuilder().withActive(0).withFailed(2).withConditions(new JobConditionBuilder()
                .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                .withMessage("Job has reached the specified backoff limit").build()).build());
        TrainingStatus status = backend.status(handle);
        assertEquals(TrainingPhase.FAILED, status.phase());
        assertTrue(status.message().contains("BackoffLimitExceeded"), status.message());
        assertTrue(status.message().contains("Job has reached the specified backoff limit"), status.message());
        assertTrue(status.message().contains("exited with code 3"), status.message());
        assertTrue(status.message().contains("the label column is missing"), status.message());
    }

    @Test
    void moreFailedPodsThanTheBackoffLimitFailTheRun() throws Exception {
        String handle = backend.submit(REQUEST);
        setStatus(new JobStatusBuilder().withActive(1).withFailed(1).build()); // backoffLimit 1: one retry left
        assertEquals(TrainingPhase.RUNNING, backend.status(handle).phase());
        setStatus(new JobStatusBuilder().withActive(0).withFailed(2).build());
        TrainingStatus status = backend.status(handle);
        assertEquals(TrainingPhase.FAILED, status.phase());
        assertTrue(status.message().contains("2 pod(s) failed"), status.message());
    }

    @Test
    void aRunningJobSaysWhatHoldsItsPodUp() throws Exception {
        String handle = backend.submit(REQUEST);
        cluster.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("modelfleet-train-42-xyz")
                .addToLabels("job-name", "modelfleet-train-42").endMetadata()
                .withNewSpec().addNewContainer().withName("trainer").withImage("x").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").addNewContainerStatus().withName("trainer").withNewState()
                .withNewWaiting().withReason("ImagePullBackOff").withMessage("pull access denied").endWaiting()
                .endState().endContainerStatus().endStatus().build()).create();
        setStatus(new JobStatusBuilder().withActive(1).build());
        TrainingStatus status = backend.status(handle);
        assertEquals(TrainingPhase.RUNNING, status.phase());
        assertTrue(status.message().contains("ImagePullBackOff"), status.message());
    }

    @Test
    void cancelDeletesTheJob() throws Exception {
        String handle = backend.submit(REQUEST);
        backend.cancel(handle);
        assertNull(cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-42").get());
        TrainingStatus gone = backend.status(handle);
        assertEquals(TrainingPhase.FAILED, gone.phase());
        assertTrue(gone.message().contains("no longer exists"), gone.message());
        backend.cancel(handle); // again: nothing to do
        backend.cancel("ml/modelfleet-train-999");
        backend.cancel("not a handle");
    }

    @Test
    void unknownHandlesFail() throws Exception {
        TrainingStatus unknown = backend.status("ml/modelfleet-train-7");
        assertEquals(TrainingPhase.FAILED, unknown.phase());
        assertTrue(unknown.message().contains("ml/modelfleet-train-7") && unknown.message().contains("no longer exists"),
                unknown.message());
        assertEquals(TrainingPhase.FAILED, backend.status("garbage").phase());
        assertEquals(TrainingPhase.FAILED, backend.status("ml/some-other-job").phase());
        assertEquals("", backend.logs("ml/modelfleet-train-7", 100));
    }

    @Test
    void logsAreTheTailOfTheNewestPod() throws Exception {
        String handle = backend.submit(REQUEST);
        assertEquals("", backend.logs(handle, 50), "no pod yet");
        // a retried Job has several pods; the mock stamps creation times itself (same second here), so the
        // name breaks the tie
        for (String pod : new String[] { "modelfleet-train-42-aaaaa", "modelfleet-train-42-bbbbb" }) {
            cluster.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(pod)
                    .addToLabels("job-name", "modelfleet-train-42").endMetadata()
                    .withNewSpec().addNewContainer().withName("trainer").withImage("x").endContainer().endSpec()
                    .build()).create();
        }
        server.expect().get()
                .withPath("/api/v1/namespaces/ml/pods/modelfleet-train-42-bbbbb/log?pretty=false&container=trainer&tailLines=50")
                .andReturn(200, "epoch 4 loss 0.31\nepoch 5 loss 0.29\n").once();
        assertEquals("epoch 4 loss 0.31\nepoch 5 loss 0.29\n", backend.logs(handle, 50));
    }

    @Test
    void apiErrorsOtherThanNotFoundPropagate() throws Exception {
        String handle = backend.submit(REQUEST);
        server.expect().get().withPath("/apis/batch/v1/namespaces/ml/jobs/modelfleet-train-42")
                .andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcd is down\"}").always();
        io.fabric8.kubernetes.client.KubernetesClientException failure = assertThrows(
                io.fabric8.kubernetes.client.KubernetesClientException.class, () -> backend.status(handle));
        assertEquals(500, failure.getCode(), "the platform retries: the server's error, not a FAILED run");
    }

    private void setStatus(io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
        cluster.batch().v1().jobs().inNamespace(NS).withName("modelfleet-train-42").editStatus(job -> {
            job.setStatus(status);
            return job;
        });
    }
}
