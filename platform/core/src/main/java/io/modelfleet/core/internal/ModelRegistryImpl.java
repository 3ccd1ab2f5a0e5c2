package io.modelfleet.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.model.Model;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.api.security.AuditLog;
import io.modelfleet.api.spi.model.ModelInspector;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.persistence.ModelStore;
import io.modelfleet.persistence.NewModelVersionRecord;

/**
 * The model registry. An upload is checked in this order, cheapest first: size, format known, loadable by the
 * format's inspector (the same runtime the edge uses); only then is it hashed into the content-addressed artifact store
 * and recorded. A failed upload stores nothing.
 */
@Component(service = ModelRegistry.class, configurationPid = ModelRegistryConfiguration.PID)
@Designate(ocd = ModelRegistryConfiguration.class)
public final class ModelRegistryImpl implements ModelRegistry {
    private static final String MODEL = "model-version";

    private final ModelStore store;
    private final ArtifactStore artifacts;
    private final AuditLog audit;
    private final Clock clock;
    private final long maxArtifactBytes;
    private final Map<String, ModelInspector> inspectors = new ConcurrentHashMap<>();
    /** Told after a deletion; optional (it runs on its own, too). */
    @org.osgi.service.component.annotations.Reference(cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    volatile ArtifactCollector collector;

    @Activate
    public ModelRegistryImpl(@Reference ModelStore store, @Reference ArtifactStore artifacts,
            @Reference AuditLog audit, ModelRegistryConfiguration config) {
        this(store, artifacts, audit, config.maxArtifactBytes(), Clock.systemUTC());
    }

    ModelRegistryImpl(ModelStore store, ArtifactStore artifacts, AuditLog audit, long maxArtifactBytes, Clock clock) {
        this.store = store;
        this.artifacts = artifacts;
        this.audit = audit;
        this.maxArtifactBytes = maxArtifactBytes;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInspector(ModelInspector inspector) {
        inspectors.put(inspector.format(), inspector);
    }

    void removeInspector(ModelInspector inspector) {
        // a newer inspector for the same format may have replaced this one already
        inspectors.remove(inspector.format(), inspector);
    }

    @Override
    public ModelVersion register(NewModelVersion spec, Path artifact, String actor) throws IOException {
        long size = Files.size(artifact);
        if (size > maxArtifactBytes) {
            throw new PayloadTooLargeException("the model file is " + size + " bytes; the limit is " + maxArtifactBytes);
        }
        if (size == 0) {
            throw new InvalidInputException("the model file is empty");
        }
        ModelInspector inspector = inspectors.get(spec.format());
        if (inspector == null) {
            throw new InvalidInputException("no runtime plugin for model format '" + spec.format()
                    + "' is installed on the server (installed: " + formats() + ")");
        }
        ModelSignature signature = inspector.inspect(artifact);
        String sha256 = sha256(artifact);
        String key = "models/" + sha256 + "." + spec.format();
        // a deleted version may have had the same content: take it off the collector's queue first
        ArtifactCollector.beforeStoring(key, clock, store::reclaimBlob);
        artifacts.put(key, artifact);
        ModelVersion version = store.insert(new NewModelVersionRecord(spec, sha256, size, key, signature, actor,
                clock.instant()));
        audit.record(actor, "model.register", MODEL, Long.toString(version.id()),
                version.reference() + " sha256=" + sha256 + " size=" + size);
        return version;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public List<Model> listModels() {
        return store.listModels();
    }

    @Override
    public List<ModelVersion> listVersions(String name) {
        List<ModelVersion> versions = store.listVersions(name);
        if (versions.isEmpty()) {
            throw new NotFoundException("model " + name + " does not exist");
        }
        return versions;
    }

    @Override
    public ModelVersion getVersion(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("model version " + id + " does not exist"));
    }

    @Override
    public ModelVersion findVersion(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidInputException("a model version is named as name:version or by its id");
        }
        int colon = reference.lastIndexOf(':');
        if (colon < 0) {
            try {
                return getVersion(Long.parseLong(reference));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("'" + reference + "' is neither name:version nor a version id");
            }
        }
        String name = reference.substring(0, colon);
        String version = reference.substring(colon + 1);
        return store.find(name, version)
                .orElseThrow(() -> new NotFoundException("model version " + reference + " does not exist"));
    }

    @Override
    public ModelVersion setStage(long id, ModelStage stage, String actor) {
        if (stage == null) {
            throw new InvalidInputException("stage is required: CANDIDATE, APPROVED, DEPLOYED or ARCHIVED");
        }
        ModelVersion before = getVersion(id);
        store.updateStage(id, stage, actor, clock.instant());
        audit.record(actor, "model.stage", MODEL, Long.toString(id), before.reference() + " " + before.stage() + " -> " + stage);
        return getVersion(id);
    }

    @Override
    public InputStream openArtifact(long id, long offset) throws IOException {
        String key = store.artifactKey(id)
                .orElseThrow(() -> new NotFoundException("model version " + id + " does not exist"));
        try {
            return artifacts.open(key, offset);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("the artifact of model version " + id + " is missing from the artifact store");
        }
    }

    @Override
    public long maxArtifactBytes() {
        return maxArtifactBytes;
    }

    @Override
    public List<String> formats() {
        return inspectors.keySet().stream().sorted().toList();
    }

    @Override
    public void deleteVersion(long id, String actor) {
        ModelVersion deleted = store.deleteVersion(id, clock.instant());
        audit.record(actor, "model.delete", MODEL, Long.toString(id), deleted.reference() + " sha256=" + deleted.sha256());
        ArtifactCollector gc = collector;
        if (gc != null) {
            gc.collectSoon();
        }
    }
}
