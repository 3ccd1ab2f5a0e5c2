package io.modelfleet.plugin.target.kubernetes.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetStatus;

/**
 * Where a deployment stands, read from its edge's Deployment and pods, much as {@code kubectl rollout status} reads
 * it, plus the reasons a pod is stuck. Pure: the caller reads the objects and the time.
 */
final class WorkloadStatus {
    static final Set<String> IMAGE_ERRORS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "ErrImageNeverPull");
    static final Set<String> CREATE_ERRORS = Set.of("CreateContainerConfigError", "CreateContainerError");
    /** Longest message quoted from Kubernetes. */
    private static final int MAX_MESSAGE = 500;

    private WorkloadStatus() {
    }

    /**
     * @param deployment the edge's Deployment, null when there is none
     * @param pods the pods its selector matches (of any revision)
     */
    static TargetStatus of(long deploymentId, Deployment deployment, List<Pod> pods, Instant now,
            long unschedulableGraceSeconds) {
        String id = String.valueOf(deploymentId);
        if (deployment == null) {
            return pending("the Deployment is not created yet");
        }
        String name = deployment.getMetadata().getName();
        String running = annotation(deployment.getSpec() == null || deployment.getSpec().getTemplate() == null ? null
                : deployment.getSpec().getTemplate().getMetadata(), WorkloadTemplate.DEPLOYMENT_ID);
        if (!id.equals(running)) {
            return pending("rolling out: the Deployment " + name + " still runs deployment "
                    + (running == null ? "(none)" : running));
        }
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        long generation = orZero(deployment.getMetadata().getGeneration());
        long observed = orZero(status.getObservedGeneration());
        boolean seen = observed >= generation;
        // conditions of an older spec say nothing about this one
        if (seen) {
            for (DeploymentCondition c : list(status.getConditions())) {
                if ("Progressing".equals(c.getType()) && "False".equalsIgnoreCase(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason())) {
                    return failed("the rollout of " + name + " made no progress (ProgressDeadlineExceeded)"
                            + message(c.getMessage()) + podNote(id, pods).map(n -> "; " + n).orElse(""));
                }
                if ("ReplicaFailure".equals(c.getType()) && "True".equalsIgnoreCase(c.getStatus())) {
                    return failed("Kubernetes cannot create the pods of " + name + " ("
                            + Objects.requireNonNullElse(c.getReason(), "ReplicaFailure") + ")" + message(c.getMessage()));
                }
            }
        }

        List<Pod> current = current(id, pods);
        String waitingForNode = null;
        for (Pod pod : current) {
            String podName = pod.getMetadata().getName();
            for (ContainerStatus container : containers(pod)) {
                ContainerStateWaiting waiting = container.getState() == null ? null : container.getState().getWaiting();
                String reason = waiting == null ? null : waiting.getReason();
                if (reason == null) {
                    continue;
                }
                if (IMAGE_ERRORS.contains(reason)) {
                    String image = container.getImage() == null || container.getImage().isBlank()
                            ? imageOf(deployment, container.getName()) : container.getImage();
                    return failed("image " + image + " cannot be pulled: " + reason + message(waiting.getMessage())
                            + " (pod " + podName + ")");
                }
                if ("CrashLoopBackOff".equals(reason)) {
                    StringBuilder text = new StringBuilder("the agent keeps crashing (CrashLoopBackOff, pod ")
                            .append(podName).append(", ").append(orZero(container.getRestartCount()))
                            .append(" restarts)");
                    ContainerStateTerminated last = container.getLastState() == null ? null
                            : container.getLastState().getTerminated();
                    if (last != null) {
                        text.append(": last exit code ").append(last.getExitCode());
                        if (last.getReason() != null) {
                            text.append(" (").append(last.getReason()).append(')');
                        }
                        if (last.getMessage() != null && !last.getMessage().isBlank()) {
                            text.append(": ").append(clip(last.getMessage().strip()));
                        }
                    }
                    return failed(text.toString());
                }
                if (CREATE_ERRORS.contains(reason)) {
                    return failed("the agent container cannot be created: " + reason + message(waiting.getMessage())
                            + " (pod " + podName + ")");
                }
            }
            Optional<PodCondition> unschedulable = condition(pod, "PodScheduled", "False")
                    .filter(c -> "Unschedulable".equals(c.getReason()));
            if (unschedulable.isPresent()) {
                PodCondition c = unschedulable.get();
                Instant since = instant(c.getLastTransitionTime())
                        .or(() -> instant(pod.getMetadata().getCreationTimestamp())).orElse(now);
                long seconds = Math.max(0, Duration.between(since, now).getSeconds());
                String why = clip(Objects.requireNonNullElse(c.getMessage(), "no node fits the pod"));
                if (seconds > unschedulableGraceSeconds) {
                    return failed("unschedulable: " + why + " (pod " + podName + ", for " + seconds + " s)");
                }
                if (waitingForNode == null) {
                    waitingForNode = "waiting for a node for " + seconds + " s (pod " + podName + "): " + why;
                }
            }
        }

        int updated = orZero(status.getUpdatedReplicas());
        int available = orZero(status.getAvailableReplicas());
        int total = orZero(status.getReplicas());
        if (seen && updated == desired && available == desired && total <= updated) {
            String model = annotation(deployment.getMetadata(), WorkloadTemplate.MODEL);
            return new TargetStatus(EdgeDeploymentStatus.ACTIVE, desired + " of " + desired + " pods serving"
                    + (model == null ? "" : " " + model));
        }
        if (waitingForNode != null) {
            return pending(waitingForNode);
        }
        long ready = current.stream().filter(p -> condition(p, "Ready", "True").isPresent()).count();
        StringBuilder detail = new StringBuilder().append(ready).append(" of ").append(desired).append(" pods ready");
        if (!seen) {
            detail.append("; Kubernetes has not seen the new spec yet");
        } else if (updated == desired && available == desired && total > updated) {
            detail.append("; ").append(total - updated).append(" old pod(s) still terminating");
        }
        podNote(id, pods).ifPresent(note -> detail.append("; ").append(note));
        return new TargetStatus(EdgeDeploymentStatus.DOWNLOADING, detail.toString());
    }

    /** Status of a withdrawn deployment: done once the Deployment is gone. */
    static TargetStatus withdrawn(Deployment deployment) {
        return deployment == null
                ? new TargetStatus(EdgeDeploymentStatus.ACTIVE, "no model: the workload is removed")
                : pending("removing the Deployment " + deployment.getMetadata().getName());
    }

    /** What the first current pod waits for (ContainerCreating, a phase), to say more than a count. */
    private static Optional<String> podNote(String id, List<Pod> pods) {
        for (Pod pod : current(id, pods)) {
            for (ContainerStatus container : containers(pod)) {
                ContainerStateWaiting waiting = container.getState() == null ? null : container.getState().getWaiting();
                if (waiting != null && waiting.getReason() != null) {
                    return Optional.of("pod " + pod.getMetadata().getName() + " " + waiting.getReason()
                            + message(waiting.getMessage()));
                }
            }
        }
        return Optional.empty();
    }

    /** The pods of this deployment (the template's annotation), not being deleted. */
    private static List<Pod> current(String id, List<Pod> pods) {
        List<Pod> current = new ArrayList<>();
        for (Pod pod : list(pods)) {
            if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() == null
                    && id.equals(annotation(pod.getMetadata(), WorkloadTemplate.DEPLOYMENT_ID))) {
                current.add(pod);
            }
        }
        current.sort((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()));
        return current;
    }

    private static List<ContainerStatus> containers(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        List<ContainerStatus> all = new ArrayList<>(list(pod.getStatus().getInitContainerStatuses()));
        all.addAll(list(pod.getStatus().getContainerStatuses()));
        return all;
    }

    private static Optional<PodCondition> condition(Pod pod, String type, String value) {
        return pod.getStatus() == null ? Optional.empty() : list(pod.getStatus().getConditions()).stream()
                .filter(c -> type.equals(c.getType()) && value.equalsIgnoreCase(c.getStatus())).findFirst();
    }

    private static String imageOf(Deployment deployment, String container) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container)).map(c -> c.getImage()).findFirst().orElse("?");
    }

    private static String annotation(io.fabric8.kubernetes.api.model.ObjectMeta meta, String key) {
        Map<String, String> annotations = meta == null ? null : meta.getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static Optional<Instant> instant(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static TargetStatus pending(String detail) {
        return new TargetStatus(EdgeDeploymentStatus.PENDING, detail);
    }

    private static TargetStatus failed(String detail) {
        return new TargetStatus(EdgeDeploymentStatus.FAILED, detail);
    }

    private static String message(String message) {
        return message == null || message.isBlank() ? "" : ": " + clip(message.strip());
    }

    private static String clip(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
