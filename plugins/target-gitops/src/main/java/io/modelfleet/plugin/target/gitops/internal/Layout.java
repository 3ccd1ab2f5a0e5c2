package io.modelfleet.plugin.target.gitops.internal;

import java.util.Map;
import java.util.regex.Pattern;

import io.modelfleet.api.spi.deployment.TargetDeployment;

/**
 * Where things live in the repository: {@code <basePath>/<group>/<edgeName>.yaml} per edge,
 * {@code <basePath>/<group>/kustomization.yaml} per group and {@code <basePath>/<group>/status/<edgeName>.json},
 * written by the cluster side.
 */
final class Layout {
    static final String KUSTOMIZATION = "kustomization.yaml";
    static final String DEFAULT_GROUP = "default";
    static final String STATUS_FOLDER = "status";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9._-]+");
    private static final int MAX_GROUP = 100;

    private final String basePath;
    private final String groupTag;

    Layout(String basePath, String groupTag) {
        this.basePath = normalizeBasePath(basePath);
        this.groupTag = groupTag;
    }

    /** {@code ""} for the repository root, else segments joined by '/', without leading or trailing '/'. */
    static String normalizeBasePath(String basePath) {
        String path = basePath == null ? "" : basePath.trim();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            return "";
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".git")) {
                throw new IllegalArgumentException("basePath '" + basePath + "' must be folder names (letters, digits, "
                        + "'.', '-', '_', starting with a letter or digit) separated by '/'");
            }
        }
        return path;
    }

    String basePath() {
        return basePath;
    }

    /**
     * The folder name of an edge's group: the value of its group tag with every run of characters other than letters,
     * digits, '.', '-' and '_' replaced by '-', or {@value #DEFAULT_GROUP} without the tag.
     */
    String group(TargetDeployment deployment) {
        return group(deployment.edgeTags());
    }

    String group(Map<String, String> tags) {
        String value = tags.get(groupTag);
        if (value == null) {
            return DEFAULT_GROUP;
        }
        String folder = NOT_ALLOWED.matcher(value.trim()).replaceAll("-");
        int start = 0;
        while (start < folder.length() && !Character.isLetterOrDigit(folder.charAt(start))) {
            start++;
        }
        folder = folder.substring(start);
        if (folder.length() > MAX_GROUP) {
            folder = folder.substring(0, MAX_GROUP);
        }
        return folder.isEmpty() ? DEFAULT_GROUP : folder;
    }

    String groupFolder(String group) {
        return basePath.isEmpty() ? group : basePath + "/" + group;
    }

    String edgeFile(String group, String edgeName) {
        return groupFolder(group) + "/" + edgeName + ".yaml";
    }

    String kustomization(String group) {
        return groupFolder(group) + "/" + KUSTOMIZATION;
    }

    String statusFile(String group, String edgeName) {
        return groupFolder(group) + "/" + STATUS_FOLDER + "/" + edgeName + ".json";
    }

    /** The group of a path that is an edge file ({@code <basePath>/<group>/<name>.yaml}), else null. */
    String groupOfEdgeFile(String path) {
        String rest = path;
        if (!basePath.isEmpty()) {
            if (!path.startsWith(basePath + "/")) {
                return null;
            }
            rest = path.substring(basePath.length() + 1);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        String name = rest.substring(slash + 1);
        if (!name.endsWith(".yaml") || name.equals(KUSTOMIZATION) || name.length() == ".yaml".length()) {
            return null;
        }
        return rest.substring(0, slash);
    }

    /** Edge names are platform names (letters, digits, '.', '-', '_'); one that would be a group's kustomization is refused. */
    static void checkEdgeName(String edgeName) {
        if (edgeName == null || !SEGMENT.matcher(edgeName).matches()) {
            throw new IllegalArgumentException("edge name '" + edgeName + "' cannot name a file in the repository");
        }
        if ((edgeName + ".yaml").equalsIgnoreCase(KUSTOMIZATION)) {
            throw new IllegalArgumentException("an edge named '" + edgeName + "' would overwrite its group's "
                    + KUSTOMIZATION + "; rename the edge to deploy it through a GitOps target");
        }
    }
}
