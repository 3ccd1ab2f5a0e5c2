package io.modelfleet.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CancellationException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.solution.FileData;
import io.modelfleet.api.spi.solution.InputModel;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainingContext;
import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.api.spi.training.TrainingRequest;

/**
 * What a training container runs: the solution plugin's own training, on the dataset file and into the output
 * directory the {@code MODELFLEET_*} environment names (the Kubernetes backend's container contract). Outputs are
 * written under temporary names and renamed into place, {@code result.json} last. Exit codes: 0 trained, 2 the data or
 * parameters cannot be trained on (the reason is the last line on stderr and in /dev/termination-log), 1 anything else.
 */
public final class TrainerMain {
    static final int TRAINED = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;
    private static final Path TERMINATION_LOG = Path.of("/dev/termination-log");

    private TrainerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out, System.err, TERMINATION_LOG));
    }

    static int run(Map<String, String> env, PrintStream out, PrintStream err, Path terminationLog) {
        try {
            return train(env, out);
        } catch (ModelFleetException e) {
            return fail(err, terminationLog, INVALID, e.detail());
        } catch (CancellationException e) {
            return fail(err, terminationLog, FAILED, "cancelled");
        } catch (Exception | LinkageError e) {
            e.printStackTrace(err);
            return fail(err, terminationLog, FAILED, "training failed: " + e);
        }
    }

    private static int fail(PrintStream err, Path terminationLog, int code, String reason) {
        err.println(reason);
        if (Files.isWritable(terminationLog)) {
            try {
                Files.writeString(terminationLog, reason);
            } catch (IOException ignored) {
                // stderr has it
            }
        }
        return code;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the environment variable " + name + " is not set");
        }
        return value;
    }

    private static int train(Map<String, String> env, PrintStream out) throws Exception {
        String datasetUrl = env.get("MODELFLEET_DATASET_URL");
        if (datasetUrl == null || datasetUrl.isBlank()) {
            return train(env, out, Path.of(required(env, "MODELFLEET_DATASET")),
                    Path.of(required(env, "MODELFLEET_OUTPUT")), null, null);
        }
        // presigned URLs instead of the artifact volume: inputs are downloaded, outputs written here, then uploaded
        Map<String, URI> uploads = new java.util.LinkedHashMap<>();
        uploads.put(TrainingOutputs.MODEL, url(env, "MODELFLEET_OUTPUT_MODEL_URL"));
        uploads.put(TrainingOutputs.PREDICTIONS, url(env, "MODELFLEET_OUTPUT_PREDICTIONS_URL"));
        uploads.put(TrainingOutputs.RESULT, url(env, "MODELFLEET_OUTPUT_RESULT_URL")); // last: it says "done"
        Transfers transfers = new Transfers(out);
        Path local = Files.createTempDirectory("modelfleet-transfers-");
        try {
            Path output = Files.createDirectories(local.resolve("output"));
            int code = train(env, out, null, output, transfers, local);
            for (Map.Entry<String, URI> upload : uploads.entrySet()) {
                transfers.upload(output.resolve(upload.getKey()), upload.getValue());
            }
            return code;
        } finally {
            delete(local);
        }
    }

    private static URI url(Map<String, String> env, String name) {
        try {
            URI url = new URI(required(env, name));
            if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
                throw new URISyntaxException(Transfers.shown(url), "not an http(s) URL");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the environment variable " + name + " is not an http(s) URL");
        }
    }

    /**
     * @param dataset the dataset CSV on the volume, or null when {@code transfers} downloads it
     * @param transfers null: everything on the artifact volume
     * @param local where downloads go (with {@code transfers})
     */
    private static int train(Map<String, String> env, PrintStream out, Path dataset, Path output, Transfers transfers,
            Path local) throws Exception {
        String solutionId = required(env, "MODELFLEET_SOLUTION");
        String parameters = env.getOrDefault("MODELFLEET_PARAMETERS", "{}");
        long seed = Long.parseLong(env.getOrDefault("MODELFLEET_SEED", "0"));
        List<String> labels = TrainingRequest.labels(env.get("MODELFLEET_LABELS"));

        List<SolutionType> installed = solutions();
        SolutionType solution = installed.stream().filter(s -> s.descriptor().id().equals(solutionId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this trainer has no solution '" + solutionId
                        + "' (it has " + installed.stream().map(s -> s.descriptor().id()).toList() + ")"));
        String version = env.get("MODELFLEET_SOLUTION_VERSION");
        if (version != null && !version.isBlank()
                && PluginDescriptor.majorVersion(version) != PluginDescriptor.majorVersion(solution.descriptor().version())) {
            throw new IllegalArgumentException("the run asks for " + solutionId + " " + version + "; this trainer has "
                    + solution.descriptor().version() + ", another major version");
        }
        out.println("run " + env.getOrDefault("MODELFLEET_RUN_ID", "?") + ": " + solutionId + " "
                + solution.descriptor().version() + ", seed " + seed + ", parameters " + parameters);
        if (transfers != null) {
            URI datasetUrl = url(env, "MODELFLEET_DATASET_URL");
            dataset = local.resolve("dataset.csv");
            transfers.download(datasetUrl, dataset);
            out.println("downloaded the dataset from " + Transfers.shown(datasetUrl));
        }
        TabularData table = null;
        FileData images = null;
        if (solution.datasetKind() == DatasetKind.FILES && transfers != null) {
            // item contents are artifact keys; the backend's manifest gives each its URL, opened one at a time
            Map<String, URI> contents = transfers.manifest(url(env, "MODELFLEET_CONTENT_URLS"));
            try (InputStream in = Files.newInputStream(dataset)) {
                images = FileData.readCsv(in, labels, ref -> {
                    URI url = contents.get(ref);
                    if (url == null) {
                        throw new IOException("the content manifest has no URL for '" + ref + "'");
                    }
                    return transfers.open(url);
                });
            }
            out.println("dataset: " + images.items().size() + " files");
        } else if (solution.datasetKind() == DatasetKind.FILES) {
            // item contents are artifact keys; the dataset CSV sits on the same volume
            Path artifacts = Path.of(env.getOrDefault("MODELFLEET_ARTIFACTS", dataset.getParent().toString()));
            try (InputStream in = Files.newInputStream(dataset)) {
                images = FileData.readCsv(in, labels, ref -> Files.newInputStream(contentPath(artifacts, ref)));
            }
            out.println("dataset: " + images.items().size() + " files");
        } else {
            try (InputStream in = Files.newInputStream(dataset)) {
                table = TabularData.readCsv(in, labels);
            }
            out.println("dataset: " + table.rows().size() + " rows, " + table.columns().size() + " feature columns");
        }
        Map<String, InputModel> inputModels = transfers == null ? inputModels(env, dataset, out)
                : inputModels(env, transfers, local, out);
        List<String> columns = table == null ? List.of("key") : table.columns();
        Files.createDirectories(output);
        Path work = Files.createTempDirectory("modelfleet-trainer-");
        try {
            TrainingContext context = new TrainingContext() {
                @Override
                public String parametersJson() {
                    return parameters;
                }

                @Override
                public long seed() {
                    return seed;
                }

                @Override
                public Path workDirectory() {
                    return work;
                }

                @Override
                public void progress(double fraction, String message) {
                    out.printf(java.util.Locale.ROOT, "progress %.3f %s%n", fraction, message == null ? "" : message);
                }

                @Override
                public void log(String line) {
                    out.println(line);
                }

                @Override
                public boolean cancelled() {
                    return false; // a cancelled run's Job is deleted, and this process with it
                }

                @Override
                public java.util.Optional<InputModel> inputModel(String parameter) {
                    return java.util.Optional.ofNullable(inputModels.get(parameter));
                }
            };
            TrainedModel model = table != null ? solution.train(table, context) : solution.train(images, context);
            place(model.artifact(), output.resolve(TrainingOutputs.MODEL));
            Path predictions = work.resolve("predictions.part");
            try (Writer writer = Files.newBufferedWriter(predictions, StandardCharsets.UTF_8)) {
                TrainingOutputs.writePredictions(columns, model.heldOut(), writer);
            }
            place(predictions, output.resolve(TrainingOutputs.PREDICTIONS));
            Path result = work.resolve("result.part");
            try (Writer writer = Files.newBufferedWriter(result, StandardCharsets.UTF_8)) {
                TrainingOutputs.writeResult(model, writer);
            }
            place(result, output.resolve(TrainingOutputs.RESULT));
            out.println("trained: " + model.metrics());
            return TRAINED;
        } finally {
            delete(work);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /**
     * The models the parameters name ({@code MODELFLEET_MODELS}), downloaded from their presigned URLs
     * ({@code MODELFLEET_MODEL_URLS}: a JSON object of artifact key to URL) and checked against their SHA-256.
     */
    static Map<String, InputModel> inputModels(Map<String, String> env, Transfers transfers, Path local, PrintStream out)
            throws IOException {
        String json = env.get("MODELFLEET_MODELS");
        Map<String, InputModel> models = new java.util.HashMap<>();
        if (json == null || json.isBlank()) {
            return models;
        }
        ObjectMapper mapper = new ObjectMapper();
        String urlsJson = env.get("MODELFLEET_MODEL_URLS");
        Map<String, String> urls = urlsJson == null || urlsJson.isBlank() ? Map.of()
                : mapper.readValue(urlsJson, new TypeReference<Map<String, String>>() {
                });
        Path dir = Files.createDirectories(local.resolve("models"));
        int n = 0;
        for (ModelInput input : mapper.readValue(json, new TypeReference<List<ModelInput>>() {
        })) {
            String url = urls.get(input.key());
            if (url == null) {
                throw new IllegalArgumentException("MODELFLEET_MODEL_URLS has no URL for model " + input.reference()
                        + " (" + input.key() + ")");
            }
            String key = input.key();
            Path file = dir.resolve((n++) + "-" + key.substring(key.lastIndexOf('/') + 1));
            transfers.download(URI.create(url), file);
            input.verify(file);
            models.put(input.parameter(), new InputModel(input.reference(), input.metadata(), file));
            out.println("input model " + input.parameter() + ": " + input.reference());
        }
        return models;
    }

    /**
     * The models the parameters name ({@code MODELFLEET_MODELS}: a JSON array of {@link ModelInput}s), read from the
     * artifact volume and checked against their SHA-256.
     */
    static Map<String, InputModel> inputModels(Map<String, String> env, Path dataset, PrintStream out)
            throws IOException {
        String json = env.get("MODELFLEET_MODELS");
        Map<String, InputModel> models = new java.util.HashMap<>();
        if (json == null || json.isBlank()) {
            return models;
        }
        Path artifacts = Path.of(env.getOrDefault("MODELFLEET_ARTIFACTS", dataset.getParent().toString()));
        ObjectMapper mapper = new ObjectMapper();
        for (ModelInput input : mapper.readValue(json, new TypeReference<List<ModelInput>>() {
        })) {
            Path file = contentPath(artifacts, input.key());
            input.verify(file);
            models.put(input.parameter(), new InputModel(input.reference(), input.metadata(), file));
            out.println("input model " + input.parameter() + ": " + input.reference());
        }
        return models;
    }

    /** An item's content by its artifact key, which must stay under the artifact root. */
    static Path contentPath(Path artifacts, String ref) throws IOException {
        Path root = artifacts.toAbsolutePath().normalize();
        Path file = root.resolve(ref).normalize();
        if (!file.startsWith(root) || ref.isBlank()) {
            throw new IOException("content reference '" + ref + "' is outside the artifact volume");
        }
        return file;
    }

    /** Copy under a temporary name beside the target, then rename: readers never see half a file. */
    private static void place(Path source, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static List<SolutionType> solutions() {
        List<SolutionType> found = new ArrayList<>();
        ServiceLoader.load(SolutionType.class, TrainerMain.class.getClassLoader()).forEach(found::add);
        return found;
    }
}
