package ${package}.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.ManifestSigning;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetStatus;
import io.modelfleet.api.spi.deployment.TargetUnavailableException;

/**
 * Puts models onto edges by writing files: per edge {@code edge-<edgeId>.manifest}, the manifest the server signed for
 * its current deployment in its canonical text (what an agent verifies against the key it pinned), and
 * {@code edge-<edgeId>.signature}, the Base64 Ed25519 signature over exactly those bytes. Whatever picks the files up
 * (a sync job, a USB stick, a shared folder the edges mount) carries them to the edges. A deployment without a model
 * deletes the edge's files. Files are replaced atomically, so a reader never sees half a manifest.
 * <p>
 * Status comes back the same way, when the other side writes it: {@code edge-<edgeId>.status}, a properties file with
 * {@code deploymentId}, {@code status} (one of {@link EdgeDeploymentStatus}) and an optional {@code detail}. A status
 * of an older deployment is ignored; without one the target reports nothing for the edge.
 */
@Component(service = DeploymentTarget.class, configurationPid = FolderTargetConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FolderTargetConfiguration.class, factory = true)
public final class FolderTarget implements DeploymentTarget {
    private static final int MAX_STATUS_BYTES = 64 * 1024;

    private final PluginDescriptor descriptor;
    private final ManifestSigning signing;
    private final Path folder;
    private final Duration validity;
    private final Clock clock;

    @Activate
    public FolderTarget(FolderTargetConfiguration config, @Reference ManifestSigning signing) {
        this(config, signing, Clock.systemUTC());
    }

    FolderTarget(FolderTargetConfiguration config, ManifestSigning signing, Clock clock) {
        if (config.manifestValidityHours() <= 0) {
            throw new InvalidInputException("manifestValidityHours must be positive, was "
                    + config.manifestValidityHours());
        }
        this.folder = Path.of(config.folder()).toAbsolutePath().normalize();
        this.descriptor = new PluginDescriptor(config.id(), "Folder (" + config.id() + ")", "1.0.0",
                "Signed manifests written as files into " + folder);
        this.signing = signing;
        this.validity = Duration.ofHours(config.manifestValidityHours());
        this.clock = clock;
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void apply(List<TargetDeployment> deployments) throws TargetUnavailableException {
        try {
            Files.createDirectories(folder);
            for (TargetDeployment deployment : deployments) {
                Path manifestFile = file(deployment.edgeId(), "manifest");
                Path signatureFile = file(deployment.edgeId(), "signature");
                if (deployment.withdrawn()) {
                    Files.deleteIfExists(manifestFile);
                    Files.deleteIfExists(signatureFile);
                    continue;
                }
                SignedManifest signed = signing.sign(deployment.manifest(clock.instant(), validity));
                // the signature first: a reader that finds a new manifest finds its signature too
                write(signatureFile, signed.signature().getBytes(StandardCharsets.US_ASCII));
                write(manifestFile, signed.manifest().canonicalBytes());
            }
        } catch (IOException e) {
            // a full disk or an unmounted share: the platform keeps the deployments PENDING and applies them again
            throw new TargetUnavailableException("cannot write to " + folder + ": " + e, e);
        }
    }

    @Override
    public Map<Long, TargetStatus> status(List<TargetDeployment> deployments) throws IOException {
        Map<Long, TargetStatus> statuses = new HashMap<>();
        for (TargetDeployment deployment : deployments) {
            Path file = file(deployment.edgeId(), "status");
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_STATUS_BYTES) {
                continue;
            }
            Properties status = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                status.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            try {
                if (Long.parseLong(status.getProperty("deploymentId", "").strip()) == deployment.deploymentId()) {
                    String detail = status.getProperty("detail");
                    statuses.put(deployment.deploymentId(), new TargetStatus(EdgeDeploymentStatus.valueOf(
                            status.getProperty("status", "").strip().toUpperCase(Locale.ROOT)), detail));
                }
            } catch (IllegalArgumentException e) {
                // a status file being written or not of this form: as if there were none
            }
        }
        return statuses;
    }

    private Path file(long edgeId, String kind) {
        return folder.resolve("edge-" + edgeId + "." + kind);
    }

    private static void write(Path file, byte[] content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), ".write-", ".tmp");
        try {
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
