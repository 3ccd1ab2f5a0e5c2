package io.modelfleet.plugin.target.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;
import io.modelfleet.api.spi.deployment.TargetStatus;

/** The status mapping on objects built in memory: what the cluster tests do not reach. */
class WorkloadStatusTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final WorkloadTemplate TEMPLATE = new WorkloadTemplate(TestConfig.minimal(Map.of()), "edge");
    private static final TargetModel MODEL = new TargetModel(3, "defects", "v2", "onnx", "ab", 10, Map.of());

    @Test
    void oldPodsDoNotSpeakForTheNewDeployment() {
        Deployment d = deployment(101, 2, 1);
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(1)
                .withAvailableReplicas(1).build());
        Pod crashingOld = pod("old", 100, "CrashLoopBackOff", false);
        Pod terminatingNew = pod("gone", 101, "ImagePullBackOff", true);
        TargetStatus status = WorkloadStatus.of(101, d, List.of(crashingOld, terminatingNew), NOW, 120);
        assertEquals(EdgeDeploymentStatus.DOWNLOADING, status.status(), status.detail());
        assertTrue(status.detail().startsWith("0 of 1 pods ready"), status.detail());
    }

    @Test
    void activeOnlyOnceTheOldPodsAreGone() {
        Deployment d = deployment(101, 2, 1);
        // one pod of the new template serves, the old one is still counted
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(1)
                .withAvailableReplicas(1).build());
        TargetStatus status = WorkloadStatus.of(101, d, List.of(), NOW, 120);
        assertEquals(EdgeDeploymentStatus.DOWNLOADING, status.status());
        assertTrue(status.detail().contains("1 old pod(s) still terminating"), status.detail());
        d.getStatus().setReplicas(1);
        assertEquals(EdgeDeploymentStatus.ACTIVE, WorkloadStatus.of(101, d, List.of(), NOW, 120).status());
    }

    @Test
    void conditionsOfAnOlderSpecAreIgnored() {
        Deployment d = deployment(101, 3, 1);
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(2L).addNewCondition().withType("Progressing")
                .withStatus("False").withReason("ProgressDeadlineExceeded").endCondition().build());
        assertEquals(EdgeDeploymentStatus.DOWNLOADING, WorkloadStatus.of(101, d, List.of(), NOW, 120).status());
        d.getStatus().setObservedGeneration(3L);
        assertEquals(EdgeDeploymentStatus.FAILED, WorkloadStatus.of(101, d, List.of(), NOW, 120).status());
    }

    @Test
    void aNewerDeploymentOnTheClusterLeavesThisOnePending() {
        TargetStatus status = WorkloadStatus.of(100, deployment(101, 1, 1), List.of(), NOW, 120);
        assertEquals(EdgeDeploymentStatus.PENDING, status.status());
        assertTrue(status.detail().contains("still runs deployment 101"), status.detail());
    }

    private static Deployment deployment(long id, long generation, int replicas) {
        Deployment d = TEMPLATE.deployment(new TargetDeployment(id, 7, "cam", Map.of(), MODEL));
        d.getMetadata().setGeneration(generation);
        d.getSpec().setReplicas(replicas);
        return new DeploymentBuilder(d).build();
    }

    private static Pod pod(String name, long deploymentId, String waiting, boolean terminating) {
        return new PodBuilder().withNewMetadata().withName(name)
                .withDeletionTimestamp(terminating ? NOW.toString() : null)
                .addToAnnotations(WorkloadTemplate.DEPLOYMENT_ID, String.valueOf(deploymentId)).endMetadata()
                .withNewStatus().addNewContainerStatus().withName("agent").withNewState().withNewWaiting()
                .withReason(waiting).endWaiting().endState().endContainerStatus().endStatus().build();
    }
}
