package io.modelfleet.itests.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/** The server's console over SSH (Apache MINA's client), as an operator's {@code ssh} would use it. */
public final class SshConsole implements AutoCloseable {
    private final SshClient client;
    private final int port;

    /** What a command printed (stdout and stderr together) and its exit status (-1: none came). */
    public record Outcome(int exit, String out) {
    }

    public SshConsole(int port) {
        this.port = port;
        this.client = SshClient.setUpDefaultClient();
        // the host key is the server's own, generated into its data dir on first start
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    /** A logged-in session; throws when the login is refused. */
    public ClientSession session(String user, String password) throws IOException {
        ClientSession session = client.connect(user, "127.0.0.1", port).verify(Duration.ofSeconds(20)).getSession();
        session.addPasswordIdentity(password);
        session.auth().verify(Duration.ofSeconds(20));
        return session;
    }

    /** Runs one command in a session of its own. */
    public Outcome run(String user, String password, String command) throws IOException {
        try (ClientSession session = session(user, password); ChannelExec channel = session.createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            channel.setOut(out);
            channel.setErr(out);
            channel.open().verify(Duration.ofSeconds(20));
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.SECONDS.toMillis(60));
            Integer exit = channel.getExitStatus();
            return new Outcome(exit == null ? -1 : exit, out.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        client.stop();
    }
}
