package io.modelfleet.plugin.target.gitops.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.spi.deployment.TargetDeployment;

/**
 * The tree of the next commit: the branch head's tree with the deployments' edge files written or deleted and the
 * kustomizations of the groups they touch rewritten. Everything else in the repository stays as it is. An edge's file
 * is found by its name and, wherever it lies under the base path, by the edge id it carries, so an edge that moved to
 * another group or was renamed leaves no stale file behind.
 */
final class NextTree {
    /** Largest edge file read back; larger files are not the target's. */
    private static final int MAX_EDGE_FILE = 1024 * 1024;

    private final Layout layout;
    private final EdgeFiles files;
    private final Duration validity;
    /** Blob id to what it holds, for files the target wrote; blobs never change, so this stays true. */
    private final Map<ObjectId, EdgeFiles.Written> known;

    NextTree(Layout layout, EdgeFiles files, Duration validity, Map<ObjectId, EdgeFiles.Written> known) {
        this.layout = layout;
        this.files = files;
        this.validity = validity;
        this.known = known;
    }

    /**
     * @param tree the new tree's id
     * @param changes the deployments whose edge files changed, each with its group (empty: the tree is the head's)
     */
    record Result(ObjectId tree, Map<TargetDeployment, String> changes) {
        boolean empty() {
            return changes.isEmpty();
        }
    }

    Result build(Repository repository, ObjectId head, List<TargetDeployment> deployments, Instant now,
            Function<TargetDeployment, SignedManifest> sign) throws IOException {
        DirCache index = DirCache.newInCore();
        ObjectId headTree = null;
        try (ObjectReader reader = repository.newObjectReader(); ObjectInserter inserter = repository.newObjectInserter()) {
            if (head != null) {
                try (RevWalk walk = new RevWalk(reader)) {
                    RevCommit commit = walk.parseCommit(head);
                    headTree = commit.getTree().getId();
                }
                DirCacheBuilder builder = index.builder();
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, headTree);
                builder.finish();
            }
            Map<Long, List<String>> pathsByEdge = edgeFiles(index, reader);
            Map<TargetDeployment, String> changes = new LinkedHashMap<>();
            Set<String> touchedGroups = new TreeSet<>();
            Map<String, ObjectId> writes = new LinkedHashMap<>();
            Set<String> deletes = new TreeSet<>();
            for (TargetDeployment deployment : deployments) {
                String group = layout.group(deployment);
                String path = layout.edgeFile(group, deployment.edgeName());
                List<String> stale = new ArrayList<>(pathsByEdge.getOrDefault(deployment.edgeId(), List.of()));
                stale.remove(path);
                boolean changed = false;
                DirCacheEntry existing = index.getEntry(path);
                if (deployment.withdrawn()) {
                    changed = writes.remove(path) != null;
                    if (existing != null && deletes.add(path)) {
                        changed = true;
                    }
                } else if (!current(existing, deployment, reader, now) || deletes.contains(path)) {
                    byte[] content = files.edgeFile(deployment, group, sign.apply(deployment));
                    writes.put(path, inserter.insert(Constants.OBJ_BLOB, content));
                    deletes.remove(path);
                    changed = true;
                }
                for (String old : stale) {
                    if (!writes.containsKey(old) && deletes.add(old)) {
                        touchedGroups.add(layout.groupOfEdgeFile(old));
                        changed = true;
                    }
                }
                if (changed) {
                    touchedGroups.add(group);
                    changes.put(deployment, group);
                }
            }
            if (changes.isEmpty()) {
                return new Result(headTree, Map.of());
            }
            DirCacheEditor editor = index.editor();
            writes.forEach((path, blob) -> editor.add(new DirCacheEditor.PathEdit(path) {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(blob);
                }
            }));
            deletes.forEach(path -> editor.add(new DirCacheEditor.DeletePath(path)));
            editor.finish();

            DirCacheEditor kustomizations = index.editor();
            for (String group : touchedGroups) {
                String folder = layout.groupFolder(group) + "/";
                List<String> names = new ArrayList<>();
                for (DirCacheEntry entry : index.getEntriesWithin(layout.groupFolder(group))) {
                    String path = entry.getPathString();
                    if (group.equals(layout.groupOfEdgeFile(path))) {
                        names.add(path.substring(folder.length()));
                    }
                }
                names.sort(null);
                byte[] content = files.kustomization(group, names);
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content);
                DirCacheEntry existing = index.getEntry(layout.kustomization(group));
                if (existing == null || !existing.getObjectId().equals(blob)) {
                    kustomizations.add(new DirCacheEditor.PathEdit(layout.kustomization(group)) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                            entry.setObjectId(blob);
                        }
                    });
                }
            }
            kustomizations.finish();
            ObjectId tree = index.writeTree(inserter);
            inserter.flush();
            return new Result(tree, changes);
        }
    }

    /** The file is this deployment's, and its manifest is good for more than half the validity. */
    private boolean current(DirCacheEntry existing, TargetDeployment deployment, ObjectReader reader, Instant now)
            throws IOException {
        if (existing == null || existing.getFileMode() != FileMode.REGULAR_FILE) {
            return false;
        }
        EdgeFiles.Written written = written(existing.getObjectId(), reader);
        return written != null && written.edgeId() == deployment.edgeId()
                && written.deploymentId() == deployment.deploymentId() && written.expiresAt() != null
                && written.expiresAt().isAfter(now.plus(validity.dividedBy(2)));
    }

    /** Edge id to the paths of the edge files that carry it, anywhere under the base path. */
    private Map<Long, List<String>> edgeFiles(DirCache index, ObjectReader reader) throws IOException {
        Map<Long, List<String>> byEdge = new HashMap<>();
        for (int i = 0; i < index.getEntryCount(); i++) {
            DirCacheEntry entry = index.getEntry(i);
            if (entry.getFileMode() != FileMode.REGULAR_FILE) {
                continue;
            }
            String path = entry.getPathString();
            if (layout.groupOfEdgeFile(path) == null) {
                continue;
            }
            EdgeFiles.Written written = written(entry.getObjectId(), reader);
            if (written != null) {
                byEdge.computeIfAbsent(written.edgeId(), id -> new ArrayList<>()).add(path);
            }
        }
        return byEdge;
    }

    private EdgeFiles.Written written(ObjectId blob, ObjectReader reader) throws IOException {
        EdgeFiles.Written cached = known.get(blob);
        if (cached != null) {
            return cached;
        }
        if (known.containsKey(blob)) {
            return null;
        }
        long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
        EdgeFiles.Written written = size > MAX_EDGE_FILE ? null
                : EdgeFiles.read(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes());
        if (known.size() > 100_000) {
            known.clear();
        }
        known.put(blob.copy(), written);
        return written;
    }
}
