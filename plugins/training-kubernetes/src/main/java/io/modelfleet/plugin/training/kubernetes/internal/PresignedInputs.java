package io.modelfleet.plugin.training.kubernetes.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.storage.PresigningArtifactStore;
import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.support.csv.CsvReader;
import io.modelfleet.api.support.csv.CsvWriter;
import io.modelfleet.api.support.training.TrainingOutputs;

/**
 * What a Job gets instead of the artifact volume when the platform's artifact store presigns URLs: a GET URL for the
 * dataset CSV and for each input model, PUT URLs for the three outputs, and for a FILES dataset the GET URL of a
 * manifest ({@code content,url}, one line per distinct item content) that the backend writes into the store under
 * the run's output prefix ({@code content-urls-<epoch second>.csv}).
 *
 * @param models input model artifact key to its GET URL
 * @param contents the FILES manifest's GET URL, null for a TABULAR dataset
 */
record PresignedInputs(URI dataset, URI model, URI predictions, URI result, Map<String, URI> models, URI contents) {
    /** The most item contents a FILES dataset may have to be handed over as URLs (the manifest stays about 100 MB). */
    static final int MAX_CONTENT_URLS = 100_000;
    static final String CONTENT_URLS_PREFIX = "content-urls-";

    /**
     * Presigns a run's inputs and outputs. The dataset and input models must be in this store: when the platform's
     * components still write to another one (they bound the filesystem store before the S3 store appeared), this
     * fails instead of handing the Job URLs to nothing.
     */
    static PresignedInputs of(PresigningArtifactStore store, TrainingRequest request, Duration validity, int maxContents,
            Clock clock) throws IOException {
        String datasetKey = request.datasetKey();
        if (store.size(datasetKey) < 0) {
            throw new IllegalStateException("the dataset export " + datasetKey + " of run " + request.runId()
                    + " is not in the presigning artifact store the Kubernetes backend uses; the platform wrote it to"
                    + " another store (a store configured while the server ran is used by the platform only after a"
                    + " restart)");
        }
        Map<String, URI> models = new LinkedHashMap<>();
        for (ModelInput input : request.models()) {
            if (store.size(input.key()) < 0) {
                throw new IllegalStateException("the copy of model " + input.reference() + " (" + input.key()
                        + ") is not in the presigning artifact store");
            }
            models.put(input.key(), store.presignedGet(input.key(), validity));
        }
        String prefix = request.outputPrefix();
        URI contents = request.datasetKind() == DatasetKind.FILES
                ? contentManifest(store, request, validity, maxContents, clock) : null;
        return new PresignedInputs(store.presignedGet(datasetKey, validity),
                store.presignedPut(TrainingOutputs.key(prefix, TrainingOutputs.MODEL), validity),
                store.presignedPut(TrainingOutputs.key(prefix, TrainingOutputs.PREDICTIONS), validity),
                store.presignedPut(TrainingOutputs.key(prefix, TrainingOutputs.RESULT), validity), Map.copyOf(models),
                contents);
    }

    /** Reads the FILES export ({@code key,content,label}), presigns each distinct content and stores the manifest. */
    private static URI contentManifest(PresigningArtifactStore store, TrainingRequest request, Duration validity,
            int maxContents, Clock clock) throws IOException {
        Set<String> refs = new LinkedHashSet<>();
        try (InputStream in = store.open(request.datasetKey(), 0)) {
            CsvReader csv = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            List<String> header = csv.next();
            if (header == null || !header.equals(List.of("key", "content", "label"))) {
                throw new IllegalStateException("the FILES dataset export " + request.datasetKey()
                        + " does not start with key,content,label");
            }
            for (List<String> record = csv.next(); record != null; record = csv.next()) {
                if (record.size() == 3 && !record.get(1).isEmpty() && refs.add(record.get(1)) && refs.size() > maxContents) {
                    throw new IllegalStateException("the FILES dataset of run " + request.runId() + " has more than "
                            + maxContents + " item files, the most a Job gets as presigned URLs; train it with the"
                            + " filesystem artifact store and its volume, or on another backend");
                }
            }
        }
        Path manifest = Files.createTempFile("modelfleet-content-urls-", ".csv");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
                out.write(CsvWriter.line(List.of("content", "url")));
                for (String ref : refs) {
                    out.write(CsvWriter.line(List.of(ref, store.presignedGet(ref, validity).toString())));
                }
            }
            // a new name per submission: a resubmitted run must not get the first one's (maybe expired) URLs
            String key = TrainingOutputs.key(request.outputPrefix(),
                    CONTENT_URLS_PREFIX + clock.instant().getEpochSecond() + ".csv");
            store.put(key, manifest);
            return store.presignedGet(key, validity);
        } finally {
            Files.deleteIfExists(manifest);
        }
    }
}
