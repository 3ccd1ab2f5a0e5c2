package io.modelfleet.plugin.target.gitops.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.deployment.ManifestSigning;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetStatus;
import io.modelfleet.api.spi.deployment.TargetUnavailableException;

/**
 * Desired state in a Git repository, for clusters that reconcile from Git (Flux, Argo CD): {@link #apply} commits one
 * ConfigMap per edge ({@code <basePath>/<group>/<edgeName>.yaml}, with the model, its artifact URL and the manifest
 * signed by the server) and a kustomization per group, and pushes; {@link #status} reads what the cluster side
 * commits back ({@code <basePath>/<group>/status/<edgeName>.json}). A push rejected because the branch moved is
 * rebuilt on the new head and tried again. One local copy per target, so calls are serialized.
 */
@Component(service = DeploymentTarget.class, configurationPid = GitOpsTargetConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GitOpsTargetConfiguration.class, factory = true)
public final class GitOpsTarget implements DeploymentTarget {
    private static final Logger LOG = LoggerFactory.getLogger(GitOpsTarget.class);

    /** Called before every push; tests use it to move the branch in between. */
    @FunctionalInterface
    interface PushHook {
        PushHook NONE = attempt -> {
        };

        void beforePush(int attempt) throws Exception;
    }

    private final String id;
    private final PluginDescriptor descriptor;
    private final String branch;
    private final Layout layout;
    private final EdgeFiles files;
    private final Duration validity;
    private final int pushRetries;
    private final String authorName;
    private final String authorEmail;
    private final GitRemote remote;
    private final WorkingCopy copy;
    private final ManifestSigning signing;
    private final Clock clock;
    private final PushHook hook;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<ObjectId, EdgeFiles.Written> knownFiles = new HashMap<>();
    /** Status files already warned about (by blob), so a bad file is logged once, not at every poll. */
    private final Set<ObjectId> warned = Collections.newSetFromMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, Boolean> eldest) {
            return size() > 1000;
        }
    });

    @Activate
    public GitOpsTarget(GitOpsTargetConfiguration config, BundleContext context, @Reference ManifestSigning signing) {
        this(config, workDir(config, context.getProperty("karaf.data")), signing, Clock.systemUTC(), PushHook.NONE);
    }

    GitOpsTarget(GitOpsTargetConfiguration config, Path workDir, ManifestSigning signing, Clock clock, PushHook hook) {
        this.signing = Objects.requireNonNull(signing, "signing");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hook = Objects.requireNonNull(hook, "hook");
        this.id = config.id();
        GitRemote created = null;
        try {
            this.branch = text(config.branch());
            if (branch.isEmpty() || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
                throw new IllegalArgumentException("branch '" + branch + "' is not a valid branch name");
            }
            String groupTag = text(config.groupTag());
            if (groupTag.isEmpty()) {
                throw new IllegalArgumentException("groupTag is required");
            }
            this.layout = new Layout(config.basePath(), groupTag);
            this.files = new EdgeFiles(id, serverUrl(config.serverUrl()));
            if (config.manifestValidityHours() < 1 || config.manifestValidityHours() > 24 * 366 * 5) {
                throw new IllegalArgumentException("manifestValidityHours must be between 1 and " + 24 * 366 * 5
                        + ", was " + config.manifestValidityHours());
            }
            this.validity = Duration.ofHours(config.manifestValidityHours());
            if (config.pushRetries() < 0 || config.pushRetries() > 100) {
                throw new IllegalArgumentException("pushRetries must be between 0 and 100, was " + config.pushRetries());
            }
            this.pushRetries = config.pushRetries();
            this.authorName = text(config.authorName());
            this.authorEmail = text(config.authorEmail());
            if (authorName.isEmpty() || authorEmail.isEmpty()) {
                throw new IllegalArgumentException("authorName and authorEmail are required");
            }
            created = GitRemote.create(config, workDir);
            this.remote = created;
            String displayName = text(config.displayName()).isEmpty()
                    ? "GitOps " + shorten(remote.url(), 100) + " (" + id + ")" : text(config.displayName());
            this.descriptor = new PluginDescriptor(id, shorten(displayName, 128), "1.0.0",
                    shorten("Desired state as ConfigMaps with signed manifests in " + remote.url() + ", branch "
                            + branch + ", folder " + (layout.basePath().isEmpty() ? "" : layout.basePath() + "/")
                            + "<" + groupTag + " tag>; status read from its status/ folders", 1024));
        } catch (RuntimeException e) {
            if (created != null) {
                created.close();
            }
            // the messages built above and by GitRemote never carry a secret
            throw new IllegalArgumentException("GitOps deployment target '" + id + "': " + e.getMessage(), e);
        }
        this.copy = new WorkingCopy(workDir, remote, branch);
    }

    static Path workDir(GitOpsTargetConfiguration config, String karafData) {
        String configured = text(config.workDir());
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        return Path.of(karafData == null ? "data" : karafData, "modelfleet", "gitops", config.id());
    }

    private static String serverUrl(String value) {
        String url = text(value);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("https") && !scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("serverUrl must be an http(s) URL without credentials, query or "
                        + "fragment, was '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("serverUrl must be an http(s) URL, was '" + url + "'");
        }
        return url;
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    @Deactivate
    void close() {
        lock.lock();
        try {
            copy.close();
            remote.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void apply(List<TargetDeployment> deployments) throws Exception {
        if (deployments.isEmpty()) {
            return;
        }
        // what cannot be written fails the batch before anything is committed
        for (TargetDeployment deployment : deployments) {
            Layout.checkEdgeName(deployment.edgeName());
        }
        Instant now = clock.instant();
        // signed once: a retry after a rejected push writes the same manifests
        Map<Long, SignedManifest> signed = new HashMap<>();
        NextTree next = new NextTree(layout, files, validity, knownFiles);
        lock.lockInterruptibly();
        try {
            for (int attempt = 0;; attempt++) {
                ObjectId head = copy.fetch();
                Repository repository = copy.repository();
                NextTree.Result result;
                ObjectId commit;
                try {
                    result = next.build(repository, head, deployments, now,
                            deployment -> signed.computeIfAbsent(deployment.deploymentId(), key -> sign(deployment, now)));
                    if (result.empty()) {
                        LOG.debug("GitOps target {}: {} deployment(s) already in {}", id, deployments.size(), remote.url());
                        return;
                    }
                    commit = commit(repository, head, result, now);
                } catch (IOException e) {
                    throw copy.localFailure(e);
                }
                hook.beforePush(attempt);
                if (copy.push(commit, head) == GitRemote.PushOutcome.DONE) {
                    LOG.info("GitOps target {}: pushed {} to {} ({}): {}", id, commit.abbreviate(10).name(),
                            remote.url(), branch, subject(result));
                    return;
                }
                if (attempt >= pushRetries) {
                    throw new TargetUnavailableException("push to " + remote.url() + " was rejected " + (attempt + 1)
                            + " time(s): branch " + branch + " kept moving");
                }
                LOG.info("GitOps target {}: branch {} of {} moved, rebuilding the commit on its new head (retry {} of {})",
                        id, branch, remote.url(), attempt + 1, pushRetries);
                Thread.sleep(ThreadLocalRandom.current().nextLong(20, 100) * (attempt + 1));
            }
        } finally {
            lock.unlock();
        }
    }

    private SignedManifest sign(TargetDeployment deployment, Instant now) {
        return signing.sign(deployment.manifest(now, validity));
    }

    private ObjectId commit(Repository repository, ObjectId head, NextTree.Result result, Instant now)
            throws IOException {
        PersonIdent ident = new PersonIdent(authorName, authorEmail, now, ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(result.tree());
        if (head != null) {
            commit.setParentId(head);
        }
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage(CommitMessage.of(id, result.changes()));
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private static String subject(NextTree.Result result) {
        String message = CommitMessage.of("", result.changes());
        return message.substring(0, message.indexOf('\n'));
    }

    @Override
    public Map<Long, TargetStatus> status(List<TargetDeployment> deployments) throws Exception {
        if (deployments.isEmpty()) {
            return Map.of();
        }
        lock.lockInterruptibly();
        try {
            ObjectId head = copy.fetch();
            if (head == null) {
                return Map.of();
            }
            try {
                return read(copy.repository(), head, deployments);
            } catch (IOException e) {
                throw copy.localFailure(e);
            }
        } finally {
            lock.unlock();
        }
    }

    private Map<Long, TargetStatus> read(Repository repository, ObjectId head, List<TargetDeployment> deployments)
            throws IOException {
        Map<Long, TargetStatus> statuses = new HashMap<>();
        try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            RevCommit commit = walk.parseCommit(head);
            for (TargetDeployment deployment : deployments) {
                String path = layout.statusFile(layout.group(deployment), deployment.edgeName());
                try (TreeWalk tree = TreeWalk.forPath(reader, path, commit.getTree())) {
                    if (tree == null || tree.getFileMode(0) != FileMode.REGULAR_FILE) {
                        continue;
                    }
                    ObjectId blob = tree.getObjectId(0);
                    long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
                    byte[] content = size > StatusFile.MAX_BYTES ? new byte[StatusFile.MAX_BYTES + 1]
                            : reader.open(blob, Constants.OBJ_BLOB).getCachedBytes();
                    StatusFile status;
                    try {
                        status = StatusFile.parse(content);
                    } catch (IOException e) {
                        if (warned.add(blob.copy())) {
                            LOG.warn("GitOps target {}: ignoring status file {} in {}: {}", id, path, remote.url(),
                                    e.getMessage());
                        }
                        continue;
                    }
                    if (status.deploymentId() == deployment.deploymentId()) {
                        statuses.put(deployment.deploymentId(), status.status());
                    }
                }
            }
        }
        return statuses;
    }
}
