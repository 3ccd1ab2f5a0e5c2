package io.modelfleet.benchmark.agent;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.modelfleet.agent.internal.EnrolledDataDir;
import io.modelfleet.api.image.ImageContract;
import io.modelfleet.api.image.ImageLimits;
import io.modelfleet.api.image.Images;
import io.modelfleet.api.spi.solution.InputModel;
import io.modelfleet.api.spi.solution.TrainedModel;
import io.modelfleet.itests.harness.AgentProcess;
import io.modelfleet.itests.harness.Digits;
import io.modelfleet.itests.harness.Frames;
import io.modelfleet.itests.harness.KeepAliveClient;
import io.modelfleet.testkit.RecordingContext;
import io.modelfleet.itests.onnx.OnnxModels;
import io.modelfleet.plugin.solution.image.classification.internal.ImageClassificationSolution;

/**
 * Image inference on the edge with a MobileNet-sized backbone built in code ({@link OnnxModels#mobileNetSizedBackbone}):
 * <ol>
 * <li>transfer training on digits resized to 224x224 RGB (the backbone's contract): images/s of the whole run;</li>
 * <li>the agent's distribution, started as a process on a data directory holding the composed model, answers
 * {@code POST /v1/predict} with a 224x224 JPEG body (HTTP, decode, resize, normalise, ONNX Runtime, result queued);
 * interleaved with the same steps in this JVM: decode + pre-processing alone, and bare ONNX Runtime on the
 * pre-processed tensor (same model file, default session options as runtime-onnx uses).</li>
 * </ol>
 * The agent's overhead is its latency minus decode+pre-processing minus bare ONNX Runtime, as a share of the latter.
 *
 * <pre>
 * mvn -pl benchmarks/edge-agent -am install -DskipTests   # with distribution/edge-agent installed
 * cd benchmarks/edge-agent &amp;&amp; java -cp target/classes:$(cat target/classpath.txt) \
 *     io.modelfleet.benchmark.agent.ImageLatencyBenchmark 300 400
 * </pre>
 */
public final class ImageLatencyBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int trainImages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        Path work = Files.createTempDirectory("modelfleet-agent-benchmark");
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("machine: %d cores, %s %s; ONNX Runtime %s%n", cores, System.getProperty("os.arch"),
                System.getProperty("java.version"), OrtEnvironment.getEnvironment().getVersion());

        // 1. transfer training with the MobileNet-sized backbone
        Path backboneFile = work.resolve("backbone.onnx");
        Files.write(backboneFile, OnnxModels.mobileNetSizedBackbone(1));
        ImageContract imagenet = new ImageContract(OnnxModels.BACKBONE_INPUT, 224, 224, 3, "NCHW",
                new double[] { 0.485, 0.456, 0.406 }, new double[] { 0.229, 0.224, 0.225 });
        Map<String, String> metadata = new LinkedHashMap<>(imagenet.metadata());
        metadata.put("embedding", OnnxModels.EMBEDDING);
        List<Digits.Digit> digits = Digits.load().subList(0, trainImages);
        RecordingContext context = new RecordingContext(
                "{\"method\":\"transfer\",\"backbone\":\"mobilenet-sized:1\",\"epochs\":30}", 1,
                Files.createDirectories(work.resolve("train")))
                .withInputModel("backbone", new InputModel("mobilenet-sized:1", metadata, backboneFile));
        long start = System.nanoTime();
        TrainedModel model = new ImageClassificationSolution().train(Digits.files(digits), context);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%ntransfer training, MobileNet-sized backbone (3.2 M weights, 1,024-value embedding), "
                + "%d digit PNGs resized to 224x224x3: %.1f s, %.1f images/s (held-out accuracy %.3f, model %,d bytes)%n",
                digits.size(), seconds, digits.size() / seconds, model.metrics().get("accuracy"),
                Files.size(model.artifact()));

        // 2. the agent as a process, serving the composed model offline
        Path composed = Files.copy(model.artifact(), work.resolve("composed.onnx"));
        ImageContract contract = ImageContract.of(model.contract());
        byte[] jpeg = Frames.photoLikeJpeg(224, 224);
        try (AgentProcess agent = new AgentProcess(work, "agent", Map.of())) {
            String reference = EnrolledDataDir.write(agent.dataDir(), composed, "digits-transfer", "v1.1",
                    model.contract());
            agent.start("http://127.0.0.1:9", null);
            awaitModel(agent, reference);
            URI base = URI.create(agent.api().base());
            OrtEnvironment ort = OrtEnvironment.getEnvironment();
            // one keep-alive connection writing each request at once, as a local application would (KeepAliveClient)
            try (KeepAliveClient http = new KeepAliveClient(base.getHost(), base.getPort());
                    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                    OrtSession bare = ort.createSession(composed.toString(), options)) {
                double[] agentMs = new double[requests];
                double[] agentInferenceMs = new double[requests];
                double[] agentPreprocessMs = new double[requests];
                double[] agentBeyondPreprocessMs = new double[requests];
                double[] statusMs = new double[requests];
                double[] preprocessMs = new double[requests];
                double[] ortMs = new double[requests];
                String label = null;
                // in blocks, not interleaved: ONNX Runtime's threads spin for a while after each run, and two
                // processes' spinning threads on 2 cores would slow whatever runs next in the other one
                for (int round = 0; round < 2; round++) { // the first round warms up both JVMs and both sessions
                    for (int i = 0; i < requests; i++) {
                        long t0 = System.nanoTime();
                        byte[] response = http.post("/v1/predict", "image/jpeg", jpeg); // fails unless 200
                        agentMs[i] = (System.nanoTime() - t0) / 1e6;
                        JsonNode answer = JSON.readTree(response);
                        agentInferenceMs[i] = answer.path("latencyMs").asDouble(Double.NaN);
                        agentPreprocessMs[i] = answer.path("preprocessMs").asDouble(Double.NaN);
                        agentBeyondPreprocessMs[i] = agentMs[i] - agentPreprocessMs[i];
                        label = answer.path("label").asText();
                    }
                    for (int i = 0; i < requests; i++) {
                        long t0 = System.nanoTime();
                        http.get("/v1/status");
                        statusMs[i] = (System.nanoTime() - t0) / 1e6;
                    }
                    float[] tensor = null;
                    for (int i = 0; i < requests; i++) {
                        long t0 = System.nanoTime();
                        BufferedImage image = Images.decode(jpeg, ImageLimits.DEFAULT);
                        tensor = Images.tensor(image, contract);
                        preprocessMs[i] = (System.nanoTime() - t0) / 1e6;
                    }
                    for (int i = 0; i < requests; i++) {
                        long t0 = System.nanoTime();
                        float[] probabilities;
                        try (OnnxTensor input = OnnxTensor.createTensor(ort, FloatBuffer.wrap(tensor), contract.shape());
                                OrtSession.Result result = bare.run(Map.of(contract.input(), input))) {
                            probabilities = ((float[][]) result.get(0).getValue())[0];
                        }
                        ortMs[i] = (System.nanoTime() - t0) / 1e6;
                        if (probabilities.length != model.contract().get("labels").split(",").length) {
                            throw new IllegalStateException("bare ONNX Runtime gave " + probabilities.length + " classes");
                        }
                    }
                }
                System.out.printf("%nagent end to end, %d requests of one 224x224 JPEG (%,d bytes) after as many "
                        + "warm-up requests; label '%s'%n", requests, jpeg.length, label);
                System.out.println("| measure | p50 | p90 |");
                System.out.println("|---|---|---|");
                row("agent: POST /v1/predict image/jpeg, client-side", agentMs);
                row("  of which decode + resize + normalise (preprocessMs it reports)", agentPreprocessMs);
                row("  of which its ONNX Runtime call (latencyMs it reports)", agentInferenceMs);
                row("  the rest: end to end minus decode + resize", agentBeyondPreprocessMs);
                row("agent: GET /v1/status (HTTP round trip alone)", statusMs);
                row("decode + resize + normalise to 224x224x3 (this JVM)", preprocessMs);
                row("bare ONNX Runtime on the pre-processed tensor (this JVM)", ortMs);
                double beyond = median(agentBeyondPreprocessMs);
                double bareOrt = median(ortMs);
                double ownOrt = median(agentInferenceMs);
                System.out.printf("%nagent overhead excluding decode+resize, p50: %.2f ms over bare ONNX Runtime = %.1f %% "
                        + "(goal <= 5 %%); %.2f ms over its own ONNX Runtime call = %.1f %%%n", beyond - bareOrt,
                        100 * (beyond - bareOrt) / bareOrt, beyond - ownOrt, 100 * (beyond - ownOrt) / ownOrt);
            }
        }
    }

    private static void awaitModel(AgentProcess agent, String reference) throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                JsonNode status = agent.status();
                if (reference.equals(status.path("model").asText())) {
                    return;
                }
            } catch (RuntimeException notYetListening) {
                // the agent is still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the agent never served " + reference + "; see " + agent.log());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void row(String name, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf("| %s | %.2f ms | %.2f ms |%n", name, sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.9)]);
    }
}
