package io.modelfleet.plugin.target.gitops.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;

import io.modelfleet.api.spi.deployment.TargetUnavailableException;

/**
 * The configured repository as JGit reaches it: URL, credentials (HTTP basic with a token, or an SSH key), timeouts,
 * and what its failures mean. Secrets stay in the credentials provider and the SSH session factory; every message
 * this class builds names the URL without them and passes through {@link #scrub}.
 */
final class GitRemote implements AutoCloseable {
    /** How a push ended. */
    enum PushOutcome {
        /** The branch now points at the commit. */
        DONE,
        /** The branch moved since the fetch: rebuild on its new head and push again. */
        MOVED
    }

    private final URIish uri;
    private final String url;
    private final CredentialsProvider credentials;
    private final SshdSessionFactory ssh;
    private final int timeoutSeconds;
    private final List<String> secrets;

    private GitRemote(URIish uri, CredentialsProvider credentials, SshdSessionFactory ssh, int timeoutSeconds,
            List<String> secrets) {
        this.uri = uri;
        this.url = uri.toString();
        this.credentials = credentials;
        this.ssh = ssh;
        this.timeoutSeconds = timeoutSeconds;
        this.secrets = secrets;
    }

    /** Checks the URL and credentials of a configuration; messages never contain a secret. */
    static GitRemote create(GitOpsTargetConfiguration config, Path workDir) {
        String raw = text(config.repositoryUrl());
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("repositoryUrl is required");
        }
        String token = text(config._token());
        String keyText = text(config._sshPrivateKey());
        String passphrase = config._sshPassphrase() == null ? "" : config._sshPassphrase();
        List<String> secrets = new ArrayList<>();
        for (String secret : List.of(token, keyText, passphrase)) {
            if (secret.length() >= 4) {
                secrets.add(secret);
            }
        }
        URIish uri;
        try {
            uri = new URIish(raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("repositoryUrl is not a Git URL");
        }
        if (uri.getPass() != null) {
            throw new IllegalArgumentException("repositoryUrl must not contain a password or token: set .token");
        }
        String shown = uri.toString();
        int timeout = config.timeoutSeconds();
        if (timeout < 1 || timeout > 3600) {
            throw new IllegalArgumentException("timeoutSeconds must be between 1 and 3600, was " + timeout);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean scpLike = scheme == null && uri.getHost() != null;
        if (scpLike || "ssh".equals(scheme) || "ssh+git".equals(scheme) || "git+ssh".equals(scheme)) {
            if (!token.isEmpty()) {
                throw new IllegalArgumentException(".token is for HTTPS; " + shown + " is reached over SSH");
            }
            String keyFile = text(config.sshPrivateKeyFile());
            if (keyText.isEmpty() == keyFile.isEmpty()) {
                throw new IllegalArgumentException(shown + " is reached over SSH: set exactly one of .sshPrivateKey "
                        + "and sshPrivateKeyFile");
            }
            SshdSessionFactory ssh = SshSupport.sessionFactory(workDir, keyText, keyFile, passphrase,
                    config.sshKnownHosts() == null ? "" : config.sshKnownHosts(), text(config.sshKnownHostsFile()));
            return new GitRemote(uri, null, ssh, timeout, List.copyOf(secrets));
        }
        if (!keyText.isEmpty() || !text(config.sshPrivateKeyFile()).isEmpty()) {
            throw new IllegalArgumentException("an SSH key is set but " + shown + " is not an ssh:// URL");
        }
        if ("https".equals(scheme) || "http".equals(scheme)) {
            if ("http".equals(scheme) && !token.isEmpty() && !loopback(uri.getHost())) {
                throw new IllegalArgumentException("refusing to send .token over plain http to " + uri.getHost()
                        + ": use https");
            }
            CredentialsProvider credentials = null;
            if (!token.isEmpty()) {
                String user = uri.getUser() != null ? uri.getUser() : text(config.username());
                if (user.isEmpty()) {
                    throw new IllegalArgumentException("username is required with .token");
                }
                credentials = new UsernamePasswordCredentialsProvider(user, token);
            }
            return new GitRemote(uri, credentials, null, timeout, List.copyOf(secrets));
        }
        if ("file".equals(scheme)) {
            if (!token.isEmpty()) {
                throw new IllegalArgumentException(".token is for HTTPS; " + shown + " is a local repository");
            }
            return new GitRemote(uri, null, null, timeout, List.copyOf(secrets));
        }
        throw new IllegalArgumentException("repositoryUrl " + shown + " must be https://, ssh:// (or user@host:path) "
                + "or file://");
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    private static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    /** The URL as shown in messages and the descriptor (never with credentials). */
    String url() {
        return url;
    }

    boolean overSsh() {
        return ssh != null;
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }

    private Transport open(Repository repository) throws NotSupportedException, TransportException {
        Transport transport = Transport.open(repository, uri);
        transport.setTimeout(timeoutSeconds);
        if (credentials != null) {
            transport.setCredentialsProvider(credentials);
        }
        if (transport instanceof SshTransport sshTransport && ssh != null) {
            sshTransport.setSshSessionFactory(ssh);
        }
        return transport;
    }

    /**
     * Brings the branch's current commit into {@code repository} and points {@code trackingRef} at it.
     *
     * @return the commit, or null when the branch does not exist (an empty repository)
     */
    ObjectId fetch(Repository repository, String branch, String trackingRef) throws Exception {
        String remoteRef = Constants.R_HEADS + branch;
        ObjectId head;
        try (Transport transport = open(repository);
                FetchConnection connection = transport.openFetch(List.of(new RefSpec(remoteRef)))) {
            Ref ref = connection.getRef(remoteRef);
            head = ref == null ? null : ref.getObjectId();
            if (head != null && !repository.getObjectDatabase().has(head)) {
                Ref known = repository.exactRef(trackingRef);
                connection.fetch(NullProgressMonitor.INSTANCE, List.of(ref),
                        known == null ? Set.of() : Set.of(known.getObjectId()));
                for (PackLock lock : connection.getPackLocks()) {
                    lock.unlock();
                }
            }
        } catch (TransportException | NotSupportedException e) {
            throw failure("fetch from", e);
        }
        RefUpdate update = repository.updateRef(trackingRef);
        update.setForceUpdate(true);
        RefUpdate.Result result;
        if (head == null) {
            result = repository.exactRef(trackingRef) == null ? RefUpdate.Result.NO_CHANGE : update.delete();
        } else {
            update.setNewObjectId(head);
            result = update.update();
        }
        switch (result) {
        case NEW, FORCED, FAST_FORWARD, NO_CHANGE:
            return head;
        default:
            throw new IOException("cannot update " + trackingRef + " in the local copy: " + result);
        }
    }

    /** Points the branch at {@code commit} if it still is at {@code expected} (null: does not exist yet). */
    PushOutcome push(Repository repository, ObjectId commit, String branch, ObjectId expected) throws Exception {
        String remoteRef = Constants.R_HEADS + branch;
        RemoteRefUpdate update = new RemoteRefUpdate(repository, null, commit, remoteRef, false, null,
                expected == null ? ObjectId.zeroId() : expected);
        PushResult result;
        try (Transport transport = open(repository)) {
            result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        } catch (TransportException | NotSupportedException e) {
            throw failure("push to", e);
        }
        RemoteRefUpdate done = result.getRemoteUpdate(remoteRef);
        RemoteRefUpdate.Status status = done == null ? update.getStatus() : done.getStatus();
        String message = done == null ? update.getMessage() : done.getMessage();
        switch (status) {
        case OK, UP_TO_DATE:
            return PushOutcome.DONE;
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED:
            return PushOutcome.MOVED;
        default:
            if (message != null && message.toLowerCase(Locale.ROOT).contains("lock")) {
                // another push held the ref's lock on the server: as good as a moved branch
                return PushOutcome.MOVED;
            }
            throw new RefusedException(scrub("push to " + url + " was refused (" + status
                    + (message == null || message.isBlank() ? "" : ": " + message.strip()) + ")"));
        }
    }

    /**
     * What a transport failure means: credentials or host key refused (a clear message, no cause that could carry
     * anything of the request), or the repository cannot be reached now ({@link TargetUnavailableException}).
     */
    Exception failure(String action, Exception e) {
        // without the URL, whose host or path could hold any word
        String text = messages(e).replace(url, "").toLowerCase(Locale.ROOT);
        if (text.contains("host key") || text.contains("server key") || text.contains("known_hosts")
                || text.contains("known hosts")) {
            return new RefusedException(action + " " + url + " was refused: the server's host key is not trusted "
                    + "(sshKnownHosts, sshKnownHostsFile)");
        }
        if (text.contains("not authorized") || text.contains("authentication") || text.contains("auth fail")
                || text.contains("cannot log in") || text.contains("unauthorized")) {
            return new RefusedException(action + " " + url + " was refused: authentication failed");
        }
        if (text.contains("forbidden") || text.contains("not permitted") || text.contains("access denied")) {
            return new RefusedException(action + " " + url + " was refused: access denied");
        }
        String reason = e instanceof NoRemoteRepositoryException ? "repository not found" : firstLine(e.getMessage());
        return new TargetUnavailableException(scrub(action + " " + url + " failed: " + reason), e);
    }

    private static String messages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 10_000; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.strip();
        int end = line.indexOf('\n');
        line = end < 0 ? line : line.substring(0, end);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /** Any configured secret that found its way into a message, masked. */
    String scrub(String message) {
        String text = message;
        for (String secret : secrets) {
            text = text.replace(secret, "***");
        }
        return text;
    }
}
