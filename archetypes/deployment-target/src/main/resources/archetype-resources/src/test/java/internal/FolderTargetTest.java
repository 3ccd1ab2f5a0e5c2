package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.spi.deployment.DeploymentTarget;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;
import io.modelfleet.api.spi.deployment.TargetStatus;
import io.modelfleet.api.spi.deployment.TargetUnavailableException;
import io.modelfleet.testkit.ConfigAnnotations;
import io.modelfleet.testkit.DeploymentTargetContract;
import io.modelfleet.testkit.TestManifestSigning;

/** The SPI contract from the plugin test kit, and the files the target writes, checked as an agent would. */
class FolderTargetTest extends DeploymentTargetContract {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final TargetModel MODEL = new TargetModel(7, "digits", "v1.3", "onnx", "ab".repeat(32), 1234,
            Map.of("labels", "0,1,2"));

    @TempDir
    Path folder;
    private final TestManifestSigning signing = new TestManifestSigning();

    private FolderTarget target(Map<String, ?> values) {
        return new FolderTarget(ConfigAnnotations.of(FolderTargetConfiguration.class,
                Map.of("id", "folder-test", "folder", folder.toString()), values), signing,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Override
    protected DeploymentTarget contractTarget() {
        return target(Map.of());
    }

    @Override
    protected TargetDeployment contractDeployment() {
        return new TargetDeployment(5, 3, "cam-1", Map.of(), MODEL);
    }

    @Test
    void writesTheSignedManifestThatTheEdgesKeyVerifies() throws Exception {
        FolderTarget target = target(Map.of("manifestValidityHours", 2));
        target.apply(List.of(new TargetDeployment(41, 3, "cam-1", Map.of(), MODEL)));

        String manifest = Files.readString(folder.resolve("edge-3.manifest"), StandardCharsets.UTF_8);
        String signature = Files.readString(folder.resolve("edge-3.signature"));
        assertTrue(TestManifestSigning.verify(signing.publicKey(), manifest, signature));
        assertTrue(manifest.contains("deploymentId=41\n"), manifest);
        assertTrue(manifest.contains("expiresAt=2026-12-05T12%3A00%3A00Z\n"), manifest); // values are URL-encoded
        assertFalse(TestManifestSigning.verify(signing.publicKey(), manifest.replace("41", "42"), signature));
    }

    @Test
    void aWithdrawnDeploymentDeletesTheEdgesFiles() throws Exception {
        FolderTarget target = target(Map.of());
        target.apply(List.of(new TargetDeployment(41, 3, "cam-1", Map.of(), MODEL)));
        target.apply(List.of(new TargetDeployment(42, 3, "cam-1", Map.of(), null)));
        assertFalse(Files.exists(folder.resolve("edge-3.manifest")));
        assertFalse(Files.exists(folder.resolve("edge-3.signature")));
    }

    @Test
    void reportsTheStatusTheEdgeSideWroteForTheCurrentDeploymentOnly() throws Exception {
        FolderTarget target = target(Map.of());
        TargetDeployment current = new TargetDeployment(41, 3, "cam-1", Map.of(), MODEL);
        TargetDeployment other = new TargetDeployment(50, 4, "cam-2", Map.of(), MODEL);
        Files.writeString(folder.resolve("edge-3.status"), "deploymentId=41\nstatus=active\ndetail=serving\n");
        Files.writeString(folder.resolve("edge-4.status"), "deploymentId=49\nstatus=FAILED\n");

        assertEquals(Map.of(41L, new TargetStatus(EdgeDeploymentStatus.ACTIVE, "serving")),
                target.status(List.of(current, other)));
    }

    @Test
    void aFolderThatCannotBeWrittenLetsThePlatformRetry() throws Exception {
        Path file = Files.writeString(folder.resolve("a-file"), "not a folder");
        FolderTarget target = new FolderTarget(ConfigAnnotations.of(FolderTargetConfiguration.class,
                Map.of("folder", file.resolve("manifests").toString())), signing, Clock.systemUTC());
        assertThrows(TargetUnavailableException.class,
                () -> target.apply(List.of(new TargetDeployment(41, 3, "cam-1", Map.of(), MODEL))));
    }
}
