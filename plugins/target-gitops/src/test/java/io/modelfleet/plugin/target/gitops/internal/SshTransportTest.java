package io.modelfleet.plugin.target.gitops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;
import io.modelfleet.testkit.ConfigAnnotations;
import io.modelfleet.testkit.TestManifestSigning;

/** SSH deploy keys against a real SSH server (Apache MINA sshd serving the bare repository with JGit). */
class SshTransportTest {
    private static final List<TargetDeployment> DEPLOYMENTS = List.of(new TargetDeployment(101, 11, "cam-1",
            Map.of("cluster", "eu-1"), new TargetModel(7, "detector", "1.0", "onnx", "a".repeat(64), 1234, Map.of())));

    @TempDir
    Path temp;
    private Remote remote;
    private KeyPair deployKey;
    private GitSshServer server;
    private final List<GitOpsTarget> targets = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        remote = Remote.create(temp.resolve("repos"), "fleet.git");
        deployKey = KeyUtils.generateKeyPair("ssh-ed25519", 256);
        server = new GitSshServer(temp.resolve("repos"), deployKey.getPublic());
    }

    @AfterEach
    void tearDown() throws Exception {
        targets.forEach(GitOpsTarget::close);
        server.close();
        remote.close();
    }

    private GitOpsTarget target(Map<String, Object> ssh) throws Exception {
        Map<String, Object> values = new HashMap<>(ssh);
        values.put("repositoryUrl", server.url("fleet.git"));
        values.put("serverUrl", "https://fleet.example.com");
        values.put("timeoutSeconds", 10);
        GitOpsTarget target = new GitOpsTarget(ConfigAnnotations.of(GitOpsTargetConfiguration.class, values), temp.resolve("work-" + targets.size()),
                new TestManifestSigning(), Clock.systemUTC(), GitOpsTarget.PushHook.NONE);
        targets.add(target);
        return target;
    }

    private static String openSsh(KeyPair key, String passphrase) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherMode("CTR");
            encryption.setCipherType("256");
        }
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "modelfleet", encryption, text);
        return text.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDeployKeyGivenAsTextPushes() throws Exception {
        target(Map.of("_sshPrivateKey", openSsh(deployKey, null), "sshKnownHosts", server.knownHosts()))
                .apply(DEPLOYMENTS);
        assertNotNull(remote.read("main", "modelfleet/eu-1/cam-1.yaml"));
    }

    @Test
    void anEncryptedDeployKeyInAFileWithKnownHostsInAFilePushes() throws Exception {
        Path key = Files.writeString(temp.resolve("id_ed25519"), openSsh(deployKey, "correct horse"));
        Path knownHosts = Files.writeString(temp.resolve("known_hosts"), server.knownHosts() + "\n");
        GitOpsTarget target = target(Map.of("sshPrivateKeyFile", key.toString(), "_sshPassphrase", "correct horse",
                "sshKnownHostsFile", knownHosts.toString()));
        target.apply(DEPLOYMENTS);
        assertEquals(Map.of(), target.status(DEPLOYMENTS));
        assertEquals(1, remote.log("main").size());

        IllegalArgumentException wrongPassphrase = assertThrows(IllegalArgumentException.class, () -> target(Map.of(
                "sshPrivateKeyFile", key.toString(), "_sshPassphrase", "wrong horse", "sshKnownHostsFile",
                knownHosts.toString())));
        assertTrue(wrongPassphrase.getMessage().contains("cannot be read"), wrongPassphrase.getMessage());
        assertFalse(GitOpsTargetTest.stackTrace(wrongPassphrase).contains("wrong horse"));
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefused() throws Exception {
        String otherKey = openSsh(KeyUtils.generateKeyPair("ssh-ed25519", 256), null);
        GitOpsTarget target = target(Map.of("_sshPrivateKey", otherKey, "sshKnownHosts", server.knownHosts()));
        Exception refused = assertThrows(Exception.class, () -> target.apply(DEPLOYMENTS));
        assertInstanceOf(RefusedException.class, refused, refused.toString());
        assertEquals("fetch from " + server.url("fleet.git") + " was refused: authentication failed",
                refused.getMessage());
        String trace = GitOpsTargetTest.stackTrace(refused);
        for (String line : otherKey.split("\n")) {
            if (line.length() > 20) {
                assertFalse(trace.contains(line), trace);
            }
        }
    }

    @Test
    void anUnknownHostKeyIsRefused() throws Exception {
        String otherHost = server.knownHosts().substring(0, server.knownHosts().indexOf(' ')) + " "
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                        KeyUtils.generateKeyPair("ssh-ed25519", 256).getPublic());
        GitOpsTarget target = target(Map.of("_sshPrivateKey", openSsh(deployKey, null), "sshKnownHosts", otherHost));
        Exception refused = assertThrows(Exception.class, () -> target.apply(DEPLOYMENTS));
        assertInstanceOf(RefusedException.class, refused, refused.toString());
        assertTrue(refused.getMessage().contains("host key is not trusted"), refused.getMessage());
    }
}
