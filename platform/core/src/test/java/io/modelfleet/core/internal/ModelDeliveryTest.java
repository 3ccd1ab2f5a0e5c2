package io.modelfleet.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.deployment.AssignRequest;
import io.modelfleet.api.deployment.CollectionPolicy;
import io.modelfleet.api.deployment.DesiredState;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.deployment.ModelManifest;
import io.modelfleet.api.deployment.SignedManifest;
import io.modelfleet.api.deployment.StatusReport;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.api.model.TensorSpec;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.deployment.EdgeDeploymentStatus;
import io.modelfleet.api.spi.model.ModelInspector;
import io.modelfleet.persistence.NewEdgeRecord;
import io.modelfleet.persistence.internal.MyBatisAuditStore;
import io.modelfleet.persistence.internal.MyBatisEdgeStore;
import io.modelfleet.persistence.internal.MyBatisModelStore;
import io.modelfleet.persistence.testing.TestDatabase;
import io.modelfleet.storage.internal.FileSystemArtifactStore;

/** Registry and direct assignment on the real stores, MariaDB and the filesystem artifact store. */
class ModelDeliveryTest {
    private static final ModelSignature SIGNATURE = new ModelSignature(
            List.of(new TensorSpec("features", "float", List.of(-1L, 4L))), List.of());

    /** A format plugin for tests: a "model" is a file that starts with TESTMODEL. */
    private static final ModelInspector INSPECTOR = new ModelInspector() {
        @Override
        public String format() {
            return "test";
        }

        @Override
        public ModelSignature inspect(Path artifact) {
            try {
                if (!Files.readString(artifact, StandardCharsets.ISO_8859_1).startsWith("TESTMODEL")) {
                    throw new InvalidInputException("not a test model");
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return SIGNATURE;
        }
    };

    @TempDir
    Path dir;
    private TestDatabase db;
    private MyBatisEdgeStore edges;
    private ModelRegistryImpl registry;
    private Delivery delivery;
    private DeploymentServiceImpl deployments;
    private Path artifactRoot;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.create();
        MyBatisAuditStore auditStore = new MyBatisAuditStore(db.database());
        AuditLog audit = TestSupport.audit(auditStore, Clock.systemUTC());
        edges = new MyBatisEdgeStore(db.database());
        MyBatisModelStore models = new MyBatisModelStore(db.database());
        artifactRoot = dir.resolve("artifacts");
        registry = new ModelRegistryImpl(models, new FileSystemArtifactStore(artifactRoot), audit, 1000, Clock.systemUTC());
        registry.addInspector(INSPECTOR);
        delivery = new Delivery(db, audit, dir.resolve("signing/key"), Clock.systemUTC(), "test-server");
        deployments = delivery.deployments;
    }

    @AfterEach
    void tearDown() throws Exception {
        delivery.close();
        db.close();
    }

    private ModelVersion upload(String name, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(name + "-" + System.nanoTime()), content);
        return registry.register(new NewModelVersion(name, null, "test", Map.of("labels", "ok,bad"), null, null), file,
                "alice");
    }

    private long edge(String name, EdgeState state) {
        Instant now = Instant.now();
        EnrollmentToken token = edges.insertToken("t-" + name, null, 1, now.plusSeconds(60), "admin", now);
        long id = edges.insertEdge(new NewEdgeRecord(name, "c".repeat(64), DeviceInfo.UNKNOWN, token.id(), now))
                .orElseThrow();
        edges.updateState(id, state, "admin", now);
        return id;
    }

    @Test
    void registersCheckedArtifactsAndStoresNothingForBadOnes() throws Exception {
        ModelVersion version = upload("detector", "TESTMODEL v1");
        assertEquals("1", version.version());
        assertEquals(SIGNATURE, version.signature());
        assertEquals(ModelRegistryImpl.sha256(Files.writeString(dir.resolve("same"), "TESTMODEL v1")), version.sha256());
        try (InputStream in = registry.openArtifact(version.id(), 4)) {
            assertEquals("MODEL v1", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(version, registry.findVersion("detector:1"));
        assertEquals(version, registry.findVersion(Long.toString(version.id())));

        assertThrows(InvalidInputException.class, () -> upload("detector", "GARBAGE"));
        assertThrows(PayloadTooLargeException.class, () -> upload("detector", "TESTMODEL" + "x".repeat(1000)));
        assertThrows(InvalidInputException.class, () -> registry.register(
                new NewModelVersion("detector", null, "onnx", null, null, null), dir.resolve("same"), "alice"),
                "no inspector for onnx here");
        assertEquals(1, registry.listVersions("detector").size(), "failed uploads add no version");
        try (var files = Files.walk(artifactRoot)) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "and no artifact");
        }
        assertThrows(NotFoundException.class, () -> registry.listVersions("nothing"));
        assertThrows(NotFoundException.class, () -> registry.findVersion("detector:9"));
    }

    @Test
    void anEdgesCollectionPolicyTravelsInItsDesiredStateAndChangesItsEtag() throws Exception {
        long edge = edge("cam-9", EdgeState.APPROVED);
        String before = deployments.desiredStateEtag(edge);
        assertNull(deployments.desiredState(edge).collection(), "no policy: the agent keeps its own");
        deployments.setEdgeCollectionPolicy(edge, CollectionPolicy.parse("low-confidence:0.4"), "bob");
        DesiredState state = deployments.desiredState(edge);
        assertEquals(new CollectionPolicy(CollectionPolicy.Mode.LOW_CONFIDENCE, 0.4, null), state.collection());
        assertNotEquals(before, state.etag(), "agents learn of the change from their heartbeat");
        assertEquals(state.etag(), deployments.desiredStateEtag(edge));
        assertEquals(state.collection(), deployments.edgeCollectionPolicy(edge));
        assertEquals(state.collection(), deployments.effectiveCollectionPolicy(edge));
        deployments.setEdgeCollectionPolicy(edge, CollectionPolicy.OFF, "bob");
        assertEquals(CollectionPolicy.OFF, deployments.desiredState(edge).collection());
        deployments.setEdgeCollectionPolicy(edge, null, "bob");
        assertNull(deployments.desiredState(edge).collection());
        assertEquals(before, deployments.desiredStateEtag(edge));
        assertThrows(NotFoundException.class, () -> deployments.setEdgeCollectionPolicy(9999, CollectionPolicy.OFF, "bob"));
        assertThrows(NotFoundException.class, () -> deployments.streamCollectionPolicy(9999));
    }

    @Test
    void assignsApprovedVersionsToApprovedEdgesAndSignsTheirDesiredState() throws Exception {
        ModelVersion version = upload("classifier", "TESTMODEL a");
        long approved = edge("cam-1", EdgeState.APPROVED);
        long pending = edge("cam-2", EdgeState.PENDING);
        edges.updateEdge(approved, new EdgeUpdate(null, null, null, Map.of("line", "1")), "admin", Instant.now());

        assertThrows(ConflictException.class,
                () -> deployments.assign(new AssignRequest(version.id(), List.of(approved), null, null), "bob"),
                "a CANDIDATE cannot be deployed");
        registry.setStage(version.id(), ModelStage.APPROVED, "bob");
        assertThrows(ConflictException.class,
                () -> deployments.assign(new AssignRequest(version.id(), List.of(pending), null, null), "bob"));
        assertThrows(ConflictException.class,
                () -> deployments.assign(new AssignRequest(version.id(), List.of(), "line", "9"), "bob"));

        String before = deployments.desiredStateEtag(approved);
        assertNull(deployments.desiredState(approved).model());
        List<EdgeDeployment> created = deployments.assign(new AssignRequest(version.id(), List.of(), "line", "1"), "bob");
        assertEquals(1, created.size());
        EdgeDeployment deployment = created.get(0);
        assertEquals(EdgeDeploymentStatus.PENDING, deployment.status());

        DesiredState state = deployments.desiredState(approved);
        assertNotEquals(before, state.etag());
        assertEquals(state.etag(), deployments.desiredStateEtag(approved));
        SignedManifest signed = state.model();
        ModelManifest manifest = signed.manifest();
        assertEquals(deployment.id(), manifest.deploymentId());
        assertEquals(approved, manifest.edgeId());
        assertEquals(version.sha256(), manifest.sha256());
        assertEquals("/api/v1/edge/artifacts/" + deployment.id(), manifest.artifactPath());
        assertEquals("ok,bad", manifest.metadata().get("labels"));
        assertTrue(verify(deployments.signingPublicKey(), manifest.canonicalBytes(), signed.signature()));
        ModelManifest tampered = new ModelManifest(manifest.deploymentId(), manifest.edgeId(), manifest.modelVersionId(),
                manifest.modelName(), manifest.modelVersion(), manifest.format(), "0".repeat(64), manifest.sizeBytes(),
                manifest.artifactPath(), manifest.metadata(), manifest.issuedAt(), manifest.expiresAt());
        assertFalse(verify(deployments.signingPublicKey(), tampered.canonicalBytes(), signed.signature()));

        assertThrows(NotFoundException.class, () -> deployments.reportStatus(pending, deployment.id(),
                new StatusReport(EdgeDeploymentStatus.ACTIVE, null)), "not the pending edge's deployment");
        deployments.reportStatus(approved, deployment.id(), new StatusReport(EdgeDeploymentStatus.ACTIVE, "warm"));
        assertEquals(EdgeDeploymentStatus.ACTIVE, deployments.get(deployment.id()).status());
        assertEquals(ModelStage.DEPLOYED, registry.getVersion(version.id()).stage());
    }

    @Test
    void theSigningKeySurvivesRestartsAndAHandEditedPairIsRefused() throws Exception {
        Path key = dir.resolve("signing/key");
        String first = ManifestSigner.loadOrCreate(key).publicKey();
        assertEquals(first, ManifestSigner.loadOrCreate(key).publicKey());
        Path other = dir.resolve("other/key");
        ManifestSigner.loadOrCreate(other);
        String[] ours = Files.readString(key).trim().split("\n");
        String[] theirs = Files.readString(other).trim().split("\n");
        Files.writeString(key, ours[0] + "\n" + theirs[1] + "\n");
        assertThrows(java.security.GeneralSecurityException.class, () -> ManifestSigner.loadOrCreate(key));
    }

    static boolean verify(String publicKey, byte[] data, String signature) throws Exception {
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(Base64.getDecoder().decode(signature));
    }

    @Test
    void manifestEncodingIsStable() {
        ModelManifest manifest = new ModelManifest(1, 2, 3, "m", "v 1", "onnx", "ab", 10, "/p",
                Map.of("z", "1", "a", "x=y\n"), Instant.parse("2026-01-01T00:00:00Z"), null);
        assertArrayEquals(("modelfleet-manifest-v1\ndeploymentId=1\nedgeId=2\nmodelVersionId=3\nmodelName=m\n"
                + "modelVersion=v+1\nformat=onnx\nsha256=ab\nsizeBytes=10\nartifactPath=%2Fp\nmetadata.a=x%3Dy%0A\n"
                + "metadata.z=1\nissuedAt=2026-01-01T00%3A00%3A00Z\nexpiresAt=\n").getBytes(StandardCharsets.UTF_8),
                manifest.canonicalBytes());
    }
}
