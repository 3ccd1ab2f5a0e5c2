package io.modelfleet.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.modelfleet.api.deployment.AgentManifest;
import io.modelfleet.api.deployment.ManifestSigning;
import io.modelfleet.api.deployment.SignedAgentManifest;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;

/**
 * Signs manifests with the server's Ed25519 key. The pair lives in one file (private PKCS#8 and public X.509, base64,
 * a line each), created on first use with owner-only permissions and checked to match on load.
 */
@Component(service = ManifestSigning.class, configurationPid = ModelRegistryConfiguration.PID)
public final class ManifestSigner implements ManifestSigning {
    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    @Activate
    public ManifestSigner(BundleContext context, ModelRegistryConfiguration config)
            throws IOException, GeneralSecurityException {
        this(loadOrCreate(keyFile(context, config)));
    }

    private ManifestSigner(ManifestSigner loaded) {
        this(loaded.privateKey, loaded.publicKey);
    }

    private ManifestSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    private static Path keyFile(BundleContext context, ModelRegistryConfiguration config) {
        if (!config.signingKeyFile().isBlank()) {
            return Path.of(config.signingKeyFile());
        }
        String data = context.getProperty("karaf.data");
        return Path.of(data == null ? "data" : data, "modelfleet", "signing", "manifest-ed25519.key");
    }

    static ManifestSigner loadOrCreate(Path keyFile) throws IOException, GeneralSecurityException {
        if (!Files.exists(keyFile)) {
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            Base64.Encoder base64 = Base64.getEncoder();
            byte[] encoded = (base64.encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + base64.encodeToString(pair.getPublic().getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII);
            try {
                Files.write(keyFile, encoded, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                restrict(keyFile);
            } catch (FileAlreadyExistsException e) {
                // another replica sharing the volume created it first; use theirs
            }
        }
        String[] lines = Files.readString(keyFile, StandardCharsets.US_ASCII).trim().split("\\s+");
        if (lines.length != 2) {
            throw new GeneralSecurityException(keyFile + " must hold two lines: the PKCS#8 private key and the X.509 public key, base64");
        }
        KeyFactory keys = KeyFactory.getInstance(ALGORITHM);
        PrivateKey privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0])));
        PublicKey publicKey = keys.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1])));
        ManifestSigner signer = new ManifestSigner(privateKey, publicKey);
        signer.checkPair();
        return signer;
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: its own ACLs apply
        }
    }

    /** A file edited by hand with halves of two different pairs would sign what no agent can verify. */
    private void checkPair() throws GeneralSecurityException {
        byte[] probe = "modelfleet-key-check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(ALGORITHM);
        signer.initSign(privateKey);
        signer.update(probe);
        Signature verifier = Signature.getInstance(ALGORITHM);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(signer.sign())) {
            throw new GeneralSecurityException("the signing key file's public key does not belong to its private key");
        }
    }

    @Override
    public SignedManifest sign(ModelManifest manifest) {
        return new SignedManifest(manifest, signature(manifest.canonicalBytes()));
    }

    @Override
    public SignedAgentManifest sign(AgentManifest manifest) {
        return new SignedAgentManifest(manifest, signature(manifest.canonicalBytes()));
    }

    private String signature(byte[] canonical) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(canonical);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** X.509 SubjectPublicKeyInfo, base64: what agents pin. */
    @Override
    public String publicKey() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }
}
