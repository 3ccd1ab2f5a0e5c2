package io.modelfleet.plugin.target.gitops.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * SSH through JGit's Apache MINA sshd transport, isolated from the user's {@code ~/.ssh}: public key authentication
 * with the configured key only (no agent, no {@code ~/.ssh/config}, no default identities) and strict host key
 * checking against the configured known hosts.
 */
final class SshSupport {
    private SshSupport() {
    }

    /**
     * @param keyText the private key itself, or empty
     * @param keyFile a file holding it, or empty
     * @param passphrase the key's passphrase, or empty
     * @param knownHostsText known_hosts lines, or empty
     * @param knownHostsFile a known_hosts file, or empty (with empty text: {@code ~/.ssh/known_hosts})
     */
    static SshdSessionFactory sessionFactory(Path workDir, String keyText, String keyFile, String passphrase,
            String knownHostsText, String knownHostsFile) {
        List<KeyPair> keys = keys(keyText, keyFile, passphrase);
        Path sshDir = workDir.resolve("ssh");
        Path knownHosts;
        try {
            Files.createDirectories(sshDir);
            if (!knownHostsText.isBlank()) {
                knownHosts = sshDir.resolve("known_hosts");
                Files.writeString(knownHosts, knownHostsText.strip() + "\n", StandardCharsets.UTF_8);
            } else if (!knownHostsFile.isBlank()) {
                knownHosts = Path.of(knownHostsFile.trim());
            } else {
                knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the SSH known hosts to " + sshDir + ": " + e.getMessage(), e);
        }
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(workDir.toFile())
                .setSshDirectory(sshDir.toFile())
                .setConfigStoreFactory((home, configFile, localUser) -> STRICT)
                .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
                .setDefaultIdentities(dir -> List.of())
                .setDefaultKeysProvider(dir -> keys)
                .setPreferredAuthentications("publickey")
                .build(null);
    }

    private static List<KeyPair> keys(String keyText, String keyFile, String passphrase) {
        FilePasswordProvider password = passphrase.isEmpty() ? FilePasswordProvider.EMPTY
                : FilePasswordProvider.of(passphrase);
        String source = keyText.isBlank() ? "sshPrivateKeyFile " + keyFile.trim() : ".sshPrivateKey";
        List<KeyPair> keys = new ArrayList<>();
        try (InputStream in = keyText.isBlank() ? Files.newInputStream(Path.of(keyFile.trim()))
                : new ByteArrayInputStream(keyText.strip().concat("\n").getBytes(StandardCharsets.UTF_8))) {
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(source), in,
                    password);
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // the parsers' messages may quote what they read: name the kind of failure only
            throw new IllegalArgumentException("the SSH private key (" + source + ") cannot be read ("
                    + e.getClass().getSimpleName() + "); is it an OpenSSH or PEM private key"
                    + (passphrase.isEmpty() ? " without a passphrase?" : " with that passphrase?"));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the SSH private key (" + source + ") holds no key");
        }
        return List.copyOf(keys);
    }

    /** {@code StrictHostKeyChecking yes} for every host, nothing else: an unknown or changed host key fails. */
    private static final SshConfigStore STRICT = new SshConfigStore() {
        private final HostConfig config = new HostConfig() {
            @Override
            public String getValue(String key) {
                return "StrictHostKeyChecking".equalsIgnoreCase(key) ? "yes" : null;
            }

            @Override
            public List<String> getValues(String key) {
                return List.of();
            }

            @Override
            public Map<String, String> getOptions() {
                return Map.of("StrictHostKeyChecking", "yes");
            }

            @Override
            public Map<String, List<String>> getMultiValuedOptions() {
                return Map.of();
            }
        };

        @Override
        public HostConfig lookup(String hostName, int port, String userName) {
            return config;
        }

        @Override
        public HostConfig lookupDefault(String hostName, int port, String userName) {
            return config;
        }
    };
}
