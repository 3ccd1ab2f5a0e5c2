package io.modelfleet.shell.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;

@Service
@Command(scope = "fleet", name = "model-upload", description = "Registers a model file from the server's file system as a new version")
public class ModelUploadCommand extends FleetAction {
    @Reference
    ModelRegistry models;

    @Argument(index = 0, name = "name", description = "model name", required = true)
    @Completion(ModelNameCompleter.class)
    String name;

    @Argument(index = 1, name = "file", description = "the model file (ONNX)", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--version", description = "version name (default: the next number)")
    String version;

    @Option(name = "--labels", description = "class names for the output indices, comma-separated")
    String labels;

    @Option(name = "--metadata", description = "key=value, repeatable", multiValued = true)
    List<String> metadata;

    @Override
    void run() throws Exception {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(file + " is not a readable file");
        }
        long size = Files.size(path);
        if (size > models.maxArtifactBytes()) {
            throw new PayloadTooLargeException(file + " is " + Format.bytes(size) + "; the limit is "
                    + Format.bytes(models.maxArtifactBytes()));
        }
        Map<String, String> entries = Parse.keyValues(metadata);
        if (labels != null) {
            entries.put("labels", labels);
        }
        System.out.println("Checking " + path.getFileName() + " (" + Format.bytes(size) + ") with the "
                + "format's runtime, hashing and storing it...");
        ModelVersion registered = models.register(new NewModelVersion(name, version, "onnx", entries, Map.of(), null),
                path, actor());
        System.out.print(ModelShowCommand.describe(registered));
    }

}
