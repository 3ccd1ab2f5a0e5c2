package io.modelfleet.plugin.target.gitops.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A bare repository playing the Git server, and what the cluster side (another clone) does to it. */
final class Remote implements AutoCloseable {
    final Path dir;
    private final Path scratch;
    private final Repository repository;
    private int clones;

    private Remote(Path dir, Path scratch) throws IOException {
        this.dir = dir;
        this.scratch = scratch;
        this.repository = Git.open(dir.toFile()).getRepository();
    }

    /** An empty bare repository {@code <root>/<name>} whose HEAD is main. */
    static Remote create(Path root, String name) throws GitAPIException, IOException {
        Path dir = root.resolve(name);
        Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call().close();
        return new Remote(dir, Files.createDirectories(root.resolve(name + "-clones")));
    }

    String url() {
        return dir.toUri().toString();
    }

    ObjectId head(String branch) throws IOException {
        return repository.resolve(Constants.R_HEADS + branch);
    }

    /** The file at the branch's head, or null. */
    String read(String branch, String path) throws IOException {
        ObjectId head = head(branch);
        if (head == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk tree = TreeWalk.forPath(repository, path, walk.parseCommit(head).getTree())) {
            return tree == null ? null
                    : new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every file path at the branch's head. */
    TreeSet<String> files(String branch) throws IOException {
        TreeSet<String> paths = new TreeSet<>();
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(head(branch)).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                paths.add(tree.getPathString());
            }
        }
        return paths;
    }

    /** The branch's history, newest first (first parents). */
    List<RevCommit> log(String branch) throws IOException {
        List<RevCommit> commits = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(head(branch));
            while (commit != null) {
                commits.add(commit);
                commit = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
            }
        }
        return commits;
    }

    /**
     * Commits these files ({@code null} content: delete) on the branch from a fresh clone and pushes, as the cluster
     * side or a person would.
     */
    RevCommit commit(String branch, String message, Map<String, String> files) throws Exception {
        Path work = scratch.resolve("clone-" + (++clones));
        try (Git git = Git.cloneRepository().setURI(url()).setDirectory(work.toFile()).call()) {
            if (head(branch) == null) {
                // a clone of an empty repository: its first commit goes to the branch
                git.getRepository().updateRef(Constants.HEAD).link(Constants.R_HEADS + branch);
            } else if (!branch.equals(git.getRepository().getBranch())) {
                throw new IllegalArgumentException("the cluster commits to the default branch only");
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = work.resolve(file.getKey());
                if (file.getValue() == null) {
                    git.rm().addFilepattern(file.getKey()).call();
                } else {
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, file.getValue());
                    git.add().addFilepattern(file.getKey()).call();
                }
            }
            PersonIdent cluster = new PersonIdent("Cluster", "cluster@example.com");
            RevCommit commit = git.commit().setMessage(message).setAuthor(cluster).setCommitter(cluster).call();
            for (PushResult result : git.push().setRemote("origin").add(branch).call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    if (update.getStatus() != RemoteRefUpdate.Status.OK) {
                        throw new IllegalStateException("cluster push: " + update);
                    }
                }
            }
            return commit;
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
