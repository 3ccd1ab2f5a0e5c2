package io.modelfleet.plugin.target.gitops.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.modelfleet.api.spi.deployment.TargetDeployment;

/**
 * The message of a commit: a subject that says what moves where ({@code Deploy m:1 to 2 edge(s): a, b} /
 * {@code Withdraw model from 1 edge(s): c}), then one line per deployment and a {@code ModelFleet-Deployments}
 * trailer with their ids.
 */
final class CommitMessage {
    /** Edge names listed in the subject per model; the rest are counted. */
    static final int MAX_NAMES = 10;

    private CommitMessage() {
    }

    /** @param changes the deployments whose files the commit changes, each with its group */
    static String of(String targetId, Map<TargetDeployment, String> changes) {
        Map<String, List<TargetDeployment>> byModel = new LinkedHashMap<>();
        List<TargetDeployment> withdrawn = new ArrayList<>();
        changes.keySet().forEach(deployment -> {
            if (deployment.withdrawn()) {
                withdrawn.add(deployment);
            } else {
                byModel.computeIfAbsent(deployment.model().reference(), key -> new ArrayList<>()).add(deployment);
            }
        });
        List<String> parts = new ArrayList<>();
        byModel.forEach((model, edges) -> parts.add(model + " to " + edges(edges)));
        StringBuilder subject = new StringBuilder();
        if (!parts.isEmpty()) {
            subject.append("Deploy ").append(String.join("; ", parts));
        }
        if (!withdrawn.isEmpty()) {
            subject.append(subject.length() == 0 ? "Withdraw" : "; withdraw").append(" model from ")
                    .append(edges(withdrawn));
        }
        StringBuilder body = new StringBuilder(subject).append("\n\n");
        body.append("ModelFleet GitOps target ").append(targetId).append(", ").append(changes.size())
                .append(" deployment(s):\n");
        changes.forEach((deployment, group) -> {
            body.append("- deployment ").append(deployment.deploymentId()).append(": edge ")
                    .append(deployment.edgeName()).append(" (id ").append(deployment.edgeId()).append(", group ")
                    .append(group).append(") ");
            if (deployment.withdrawn()) {
                body.append("withdrawn");
            } else {
                body.append("-> ").append(deployment.model().reference()).append(" (version id ")
                        .append(deployment.model().versionId()).append(", sha256 ")
                        .append(deployment.model().sha256()).append(')');
            }
            body.append('\n');
        });
        body.append('\n').append("ModelFleet-Deployments: ").append(changes.keySet().stream()
                .map(deployment -> Long.toString(deployment.deploymentId())).collect(Collectors.joining(", ")))
                .append('\n');
        return body.toString();
    }

    private static String edges(List<TargetDeployment> deployments) {
        List<String> names = deployments.stream().map(TargetDeployment::edgeName).sorted().toList();
        String listed = String.join(", ", names.subList(0, Math.min(MAX_NAMES, names.size())));
        if (names.size() > MAX_NAMES) {
            listed += " and " + (names.size() - MAX_NAMES) + " more";
        }
        return names.size() + " edge(s): " + listed;
    }
}
