package io.modelfleet.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.schema.ParameterSchema;

/**
 * The registered models a stream's parameters name ({@code "format": "modelfleet-model"}): checked when the stream is
 * saved, and handed to the backend with each run as a copy in the artifact store under {@code training/models/}, where
 * training containers read their inputs.
 */
final class ModelInputs {

    private ModelInputs() {
    }

    /** @throws InvalidInputException naming each parameter whose model version does not exist */
    static Map<String, ModelVersion> versions(ParameterSchema schema, ObjectNode parameters, ModelRegistry models) {
        Map<String, ModelVersion> versions = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        schema.modelReferences(parameters).forEach((parameter, reference) -> {
            try {
                versions.put(parameter, models.findVersion(reference));
            } catch (NotFoundException | InvalidInputException e) {
                errors.put("parameters." + parameter, "names no registered model version (name:version)");
                problems.add(parameter + " '" + reference + "' names no registered model version");
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid training parameters: " + String.join("; ", problems), errors);
        }
        return versions;
    }

    /** Each named version's artifact, copied once into the artifact store (versions are immutable). */
    static List<ModelInput> forRun(Map<String, ModelVersion> versions, ModelRegistry models, ArtifactStore blobs)
            throws IOException {
        List<ModelInput> inputs = new ArrayList<>();
        for (Map.Entry<String, ModelVersion> entry : versions.entrySet()) {
            ModelVersion version = entry.getValue();
            String key = "training/models/" + version.sha256() + "." + version.format();
            if (blobs.size(key) < 0) {
                Path file = Files.createTempFile("modelfleet-input-model-", "." + version.format());
                try {
                    try (InputStream in = models.openArtifact(version.id(), 0)) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                    blobs.put(key, file);
                } finally {
                    Files.deleteIfExists(file);
                }
            }
            inputs.add(new ModelInput(entry.getKey(), version.reference(), key, version.sha256(), version.metadata()));
        }
        return inputs;
    }
}
