package io.modelfleet.plugin.target.gitops.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Git over SSH as hosting services serve it: Apache MINA sshd with public key authentication for one key, running
 * {@code git-upload-pack} / {@code git-receive-pack} on bare repositories under a root with JGit.
 */
final class GitSshServer implements AutoCloseable {
    private static final Pattern COMMAND = Pattern.compile("(git-upload-pack|git-receive-pack) '?/?([^']+)'?");

    private final SshServer server;
    private final KeyPair hostKey;

    GitSshServer(Path root, PublicKey allowedKey) throws Exception {
        this.hostKey = KeyUtils.generateKeyPair("ssh-ed25519", 256);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> "git".equals(user) && KeyUtils.compareKeys(key, allowedKey));
        server.setCommandFactory((channel, command) -> new GitCommand(root, command));
        server.start();
    }

    String url(String name) {
        return "ssh://git@127.0.0.1:" + server.getPort() + "/" + name;
    }

    /** The known_hosts line for this server. */
    String knownHosts() {
        return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    private static final class GitCommand implements Command {
        private final Path root;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(Path root, String command) {
            this.root = root;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread worker = new Thread(() -> {
                Matcher matcher = COMMAND.matcher(command);
                if (!matcher.matches()) {
                    exit.onExit(127, "unknown command " + command);
                    return;
                }
                try (Repository repository = new FileRepositoryBuilder()
                        .setGitDir(root.resolve(matcher.group(2)).toFile()).setMustExist(true).build()) {
                    if (matcher.group(1).equals("git-upload-pack")) {
                        new UploadPack(repository).upload(in, out, err);
                    } else {
                        new ReceivePack(repository).receive(in, out, err);
                    }
                    out.flush();
                    exit.onExit(0);
                } catch (Exception e) {
                    exit.onExit(1, e.toString());
                }
            }, "git-ssh-command");
            worker.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
