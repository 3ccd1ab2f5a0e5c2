package io.modelfleet.plugin.target.gitops.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.spi.deployment.TargetUnavailableException;

/**
 * The target's local copy of the repository: a bare repository (no work tree, so nothing half-checked-out survives
 * a crash) holding the fetched branch as {@code refs/remotes/origin/<branch>}. Not thread-safe: the target serializes
 * its calls. A local failure deletes the copy; the next call fetches it anew.
 */
final class WorkingCopy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkingCopy.class);
    /** Pushes between two garbage collections of the local copy. */
    private static final int GC_EVERY = 100;

    private final Path gitDir;
    private final GitRemote remote;
    private final String branch;
    private final String trackingRef;
    private Repository repository;
    private int pushesSinceGc;

    WorkingCopy(Path workDir, GitRemote remote, String branch) {
        this.gitDir = workDir.resolve("repository.git");
        this.remote = remote;
        this.branch = branch;
        this.trackingRef = Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + branch;
    }

    Repository repository() throws IOException {
        if (repository == null) {
            Files.createDirectories(gitDir.getParent());
            Repository opened = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build();
            if (!opened.getObjectDatabase().exists()) {
                opened.create(true);
            }
            repository = opened;
        }
        return repository;
    }

    /** The branch's head as the remote has it now (null: no such branch yet), fetched into the local copy. */
    ObjectId fetch() throws Exception {
        try {
            return remote.fetch(repository(), branch, trackingRef);
        } catch (IOException e) {
            throw localFailure(e);
        }
    }

    /** Pushes {@code commit} if the branch is still at {@code base}; on success the tracking ref follows. */
    GitRemote.PushOutcome push(ObjectId commit, ObjectId base) throws Exception {
        GitRemote.PushOutcome outcome = remote.push(repository(), commit, branch, base);
        if (outcome == GitRemote.PushOutcome.DONE) {
            try {
                RefUpdate update = repository().updateRef(trackingRef);
                update.setNewObjectId(commit);
                update.setForceUpdate(true);
                update.update();
                if (++pushesSinceGc >= GC_EVERY) {
                    pushesSinceGc = 0;
                    Git.wrap(repository()).gc().call();
                }
            } catch (Exception e) {
                // the push is done; the next fetch puts the ref right
                LOG.warn("GitOps local copy {}: after a push: {}", gitDir, e.toString());
            }
        }
        return outcome;
    }

    /** Deletes the local copy after a failure of its own and tells the platform to call again. */
    TargetUnavailableException localFailure(Exception e) {
        LOG.warn("GitOps local copy {} failed, deleting it to fetch it anew: {}", gitDir, e.toString());
        close();
        try {
            delete(gitDir);
        } catch (IOException deleteFailed) {
            LOG.warn("GitOps local copy {} cannot be deleted: {}", gitDir, deleteFailed.toString());
        }
        return new TargetUnavailableException("the local copy of " + remote.url() + " failed ("
                + e.getClass().getSimpleName() + "); it is fetched anew on the next call", e);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                Files.delete(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() {
        if (repository != null) {
            repository.close();
            repository = null;
        }
    }
}
