package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.solution.SolutionType;
import io.modelfleet.api.spi.solution.TabularData;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.api.spi.solution.TrainingContext;
import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.spi.training.TrainingBackend;
import io.modelfleet.api.spi.training.TrainingPhase;
import io.modelfleet.api.spi.training.TrainingRequest;
import io.modelfleet.api.spi.training.TrainingStatus;
import io.modelfleet.testkit.ConfigAnnotations;
import io.modelfleet.testkit.TrainingBackendContract;

/** The SPI contract from the plugin test kit, and real runs through the pool with an in-memory artifact store. */
class PoolTrainingBackendTest extends TrainingBackendContract {
    private final Blobs blobs = new Blobs();
    private PoolTrainingBackend backend;

    private PoolTrainingBackend backend(Map<String, ?> values) {
        backend = new PoolTrainingBackend(ConfigAnnotations.of(PoolTrainingConfiguration.class,
                Map.of("id", "pool-test"), values), blobs);
        return backend;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (backend != null) {
            backend.deactivate();
        }
    }

    @Override
    protected TrainingBackend contractBackend() {
        return backend(Map.of());
    }

    @Override
    protected String unknownHandle() {
        return "pool-test-1-00000000";
    }

    private TrainingRequest request(long runId, String solution) throws IOException {
        blobs.put("datasets/1.csv", "x,label\n1,a\n2,b\n3,a\n");
        return new TrainingRequest(runId, solution, "1.0.0", "{}", 7, "datasets/1.csv", "a,b", "runs/" + runId);
    }

    private static TrainingStatus await(TrainingBackend backend, String handle, TrainingPhase phase) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        TrainingStatus status = backend.status(handle);
        while (status.phase() != phase && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = backend.status(handle);
        }
        assertEquals(phase, status.phase(), status.toString());
        return status;
    }

    @Test
    void trainsOnTheDatasetAndLeavesTheOutputsInTheStore() throws Exception {
        PoolTrainingBackend backend = backend(Map.of());
        backend.addSolution(new Fake("fake", context -> { }));

        String handle = backend.submit(request(1, "fake"));

        await(backend, handle, TrainingPhase.SUCCEEDED);
        assertEquals("onnx bytes", blobs.text("runs/1/model.onnx"));
        assertTrue(blobs.text("runs/1/result.json").contains("\"accuracy\":0.75"), blobs.text("runs/1/result.json"));
        assertEquals("x,label,predicted,score\r\n1,a,a,0.9\r\n", blobs.text("runs/1/predictions.csv"));
        assertTrue(backend.logs(handle, 100).contains("dataset: 3 rows"), backend.logs(handle, 100));
    }

    @Test
    void aRunningRunIsCancelledAtItsNextCheck() throws Exception {
        PoolTrainingBackend backend = backend(Map.of());
        CountDownLatch started = new CountDownLatch(1);
        backend.addSolution(new Fake("slow", context -> {
            started.countDown();
            while (!context.cancelled()) {
                Thread.sleep(5);
            }
            throw new java.util.concurrent.CancellationException();
        }));
        String handle = backend.submit(request(2, "slow"));
        assertTrue(started.await(10, TimeUnit.SECONDS));

        backend.cancel(handle);

        await(backend, handle, TrainingPhase.CANCELLED);
        assertEquals(-1, blobs.size("runs/2/result.json"), "a cancelled run leaves no result");
    }

    @Test
    void aFullPoolLetsTheRunWaitAndAMissingSolutionIsRefused() throws Exception {
        PoolTrainingBackend backend = backend(Map.of("workers", 1, "maxQueued", 0));
        CountDownLatch release = new CountDownLatch(1);
        backend.addSolution(new Fake("blocking", context -> release.await()));
        String first = backend.submit(request(3, "blocking"));
        await(backend, first, TrainingPhase.RUNNING);

        assertThrows(IOException.class, () -> backend.submit(request(4, "blocking")));
        assertThrows(ConflictException.class, () -> backend.submit(request(5, "absent")));
        release.countDown();
        await(backend, first, TrainingPhase.SUCCEEDED);
    }

    /** A solution whose training runs {@code body}, then writes a model file and fixed metrics. */
    private record Fake(String id, Body body) implements SolutionType {
        interface Body {
            void run(TrainingContext context) throws Exception;
        }

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor(id, "Fake " + id, "1.0.0", null);
        }

        @Override
        public DatasetKind datasetKind() {
            return DatasetKind.TABULAR;
        }

        @Override
        public String parameterSchema() {
            return "{\"type\": \"object\"}";
        }

        @Override
        public List<String> metrics() {
            return List.of("accuracy");
        }

        @Override
        public String modelFormat() {
            return "onnx";
        }

        @Override
        public TrainedModel train(TabularData data, TrainingContext context) throws Exception {
            body.run(context);
            context.progress(0.5, "half way");
            Path model = Files.writeString(context.workDirectory().resolve("model.onnx"), "onnx bytes");
            return new TrainedModel(model, Map.of("accuracy", 0.75), Map.of("task", "classification"), "{}",
                    List.of(new TrainedModel.HeldOutPrediction(data.rows().get(0).values(), "a", "a", 0.9)));
        }
    }

    /** The artifact store in memory. */
    static final class Blobs implements ArtifactStore {
        private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

        void put(String key, String text) {
            blobs.put(key, text.getBytes(StandardCharsets.UTF_8));
        }

        String text(String key) {
            return new String(blobs.get(key), StandardCharsets.UTF_8);
        }

        @Override
        public void put(String key, Path source) throws IOException {
            blobs.putIfAbsent(key, Files.readAllBytes(source));
        }

        @Override
        public InputStream open(String key, long offset) throws IOException {
            byte[] blob = blobs.get(key);
            if (blob == null) {
                throw new NoSuchFileException(key);
            }
            return new ByteArrayInputStream(blob, (int) offset, blob.length - (int) offset);
        }

        @Override
        public long size(String key) {
            byte[] blob = blobs.get(key);
            return blob == null ? -1 : blob.length;
        }

        @Override
        public boolean delete(String key) {
            return blobs.remove(key) != null;
        }
    }
}
