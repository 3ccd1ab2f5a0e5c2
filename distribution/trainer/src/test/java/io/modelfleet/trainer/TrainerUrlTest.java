package io.modelfleet.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelfleet.api.spi.training.ModelInput;
import io.modelfleet.api.support.csv.CsvWriter;
import io.modelfleet.api.support.s3.S3Client;
import io.modelfleet.api.support.s3.S3Settings;
import io.modelfleet.api.support.training.TrainingOutputs;
import io.modelfleet.itests.harness.Digits;
import io.modelfleet.itests.s3.S3Server;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The trainer as a Job runs it when the artifact store is S3: no volume, presigned URLs (made by the platform's S3
 * client, as the S3 store makes them) pointing at a real S3 server (s3proxy). Objects are put and checked with the
 * AWS SDK, an independent client.
 */
class TrainerUrlTest {
    private static final String ACCESS = "trainer-test";
    private static final String SECRET = "trainer-s3cr3t";
    private static final String BUCKET = "artifacts";
    private static S3Server server;
    private static software.amazon.awssdk.services.s3.S3Client aws;
    private static S3Client signer;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(ACCESS, SECRET);
        aws = server.awsClient();
        aws.createBucket(b -> b.bucket(BUCKET));
        signer = new S3Client(new S3Settings(server.endpoint(), "us-east-1", BUCKET, true, ACCESS, SECRET, null,
                Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        aws.close();
        server.close();
    }

    private static void put(String key, byte[] bytes) {
        aws.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    private static byte[] get(String key) {
        return aws.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    private static boolean exists(String key) {
        return aws.listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents().stream().anyMatch(o -> o.key().equals(key));
    }

    /** What the Kubernetes backend sets for a run whose store presigns. */
    private static Map<String, String> env(String solution, String parameters, String datasetKey, String outputPrefix) {
        Duration validity = Duration.ofMinutes(30);
        Map<String, String> env = new HashMap<>();
        env.put("MODELFLEET_RUN_ID", "21");
        env.put("MODELFLEET_SOLUTION", solution);
        env.put("MODELFLEET_SOLUTION_VERSION", "1.0.0");
        env.put("MODELFLEET_PARAMETERS", parameters);
        env.put("MODELFLEET_SEED", "99");
        env.put("MODELFLEET_LABELS", "ok,bad");
        env.put("MODELFLEET_DATASET_URL", signer.presignGet(datasetKey, validity).toString());
        env.put("MODELFLEET_OUTPUT_MODEL_URL", signer.presignPut(outputPrefix + "/" + TrainingOutputs.MODEL, validity).toString());
        env.put("MODELFLEET_OUTPUT_PREDICTIONS_URL",
                signer.presignPut(outputPrefix + "/" + TrainingOutputs.PREDICTIONS, validity).toString());
        env.put("MODELFLEET_OUTPUT_RESULT_URL", signer.presignPut(outputPrefix + "/" + TrainingOutputs.RESULT, validity).toString());
        return env;
    }

    private static String tabular() {
        StringBuilder csv = new StringBuilder("width,height,label\n");
        Random random = new Random(5);
        for (int i = 0; i < 300; i++) {
            boolean ok = i % 3 != 0;
            csv.append(random.nextGaussian() + (ok ? 0 : 3)).append(',').append(random.nextGaussian() + (ok ? 0 : 3))
                    .append(',').append(ok ? "ok" : "bad").append('\n');
        }
        return csv.toString();
    }

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainerMain.run(env, new PrintStream(out), new PrintStream(err), java.nio.file.Path.of("/nonexistent/termination-log"));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTabularRunDownloadsItsDatasetAndUploadsTheThreeOutputs() throws Exception {
        put("training/datasets/3.csv", tabular().getBytes(StandardCharsets.UTF_8));
        Outcome run = run(env("tabular-classification", "{\"epochs\": 20}", "training/datasets/3.csv", "training/runs/21"));
        assertEquals(TrainerMain.TRAINED, run.code(), run.out() + run.err());
        assertTrue(get("training/runs/21/" + TrainingOutputs.MODEL).length > 100);
        JsonNode result = new ObjectMapper().readTree(get("training/runs/21/" + TrainingOutputs.RESULT));
        assertTrue(result.get("metrics").get("accuracy").asDouble() > 0.85, result.toString());
        String predictions = new String(get("training/runs/21/" + TrainingOutputs.PREDICTIONS), StandardCharsets.UTF_8);
        assertTrue(predictions.startsWith("width,height,label,predicted,score\r\n"), predictions);
        assertEquals(61, predictions.lines().count());
        assertTrue(run.out().contains("uploaded result.json"), run.out());
        assertFalse(run.out().contains("X-Amz-Signature"), "the log shows no URL's signature");
    }

    /** FILES: the dataset names artifact keys; a manifest (as the backend writes it) gives each a URL. */
    @Test
    void aFilesRunOpensEachItemThroughTheManifest() throws Exception {
        StringBuilder csv = new StringBuilder("key,content,label\r\n");
        StringBuilder manifest = new StringBuilder(CsvWriter.line(List.of("content", "url")));
        for (Digits.Digit digit : Digits.load().subList(0, 400)) {
            String ref = "datasets/content/" + digit.key().replace('/', '-');
            put(ref, digit.png());
            csv.append(digit.key()).append(',').append(ref).append(',').append(digit.label()).append("\r\n");
            manifest.append(CsvWriter.line(List.of(ref, signer.presignGet(ref, Duration.ofMinutes(30)).toString())));
        }
        put("training/datasets/9.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        put("training/runs/22/content-urls-1.csv", manifest.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = env("image-classification", "{\"width\":8,\"height\":8}", "training/datasets/9.csv",
                "training/runs/22");
        env.put("MODELFLEET_LABELS", "0,1,2,3,4,5,6,7,8,9");
        env.put("MODELFLEET_CONTENT_URLS",
                signer.presignGet("training/runs/22/content-urls-1.csv", Duration.ofMinutes(30)).toString());
        Outcome run = run(env);
        assertEquals(TrainerMain.TRAINED, run.code(), run.out() + run.err());
        JsonNode result = new ObjectMapper().readTree(get("training/runs/22/" + TrainingOutputs.RESULT));
        assertTrue(result.get("metrics").get("accuracy").asDouble() > 0.85, result.toString());
        assertTrue(new String(get("training/runs/22/" + TrainingOutputs.PREDICTIONS), StandardCharsets.UTF_8)
                .startsWith("key,label,predicted,score"));

        // a FILES run needs its manifest
        env.remove("MODELFLEET_CONTENT_URLS");
        Outcome without = run(env);
        assertEquals(TrainerMain.FAILED, without.code());
        assertTrue(without.err().contains("MODELFLEET_CONTENT_URLS is not set"), without.err());
    }

    /** Input models come by URL too and are checked against their SHA-256 before training. */
    @Test
    void inputModelsAreDownloadedAndChecked() throws Exception {
        put("training/datasets/4.csv", tabular().getBytes(StandardCharsets.UTF_8));
        byte[] model = "a registered model".getBytes(StandardCharsets.UTF_8);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(model));
        put("training/models/" + sha256 + ".onnx", model);
        put("training/models/damaged.onnx", "a damaged model".getBytes(StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper();
        for (String key : List.of("training/models/" + sha256 + ".onnx", "training/models/damaged.onnx")) {
            Map<String, String> env = env("tabular-classification", "{\"epochs\": 5}", "training/datasets/4.csv",
                    "training/runs/23");
            env.put("MODELFLEET_MODELS", json.writeValueAsString(List.of(new ModelInput("backbone", "m:1", key, sha256,
                    Map.of()))));
            env.put("MODELFLEET_MODEL_URLS", json.writeValueAsString(Map.of(key,
                    signer.presignGet(key, Duration.ofMinutes(5)).toString())));
            Outcome run = run(env);
            if (key.contains("damaged")) {
                assertEquals(TrainerMain.FAILED, run.code());
                assertTrue(run.err().contains("the copy of model m:1 is damaged"), run.err());
            } else {
                assertEquals(TrainerMain.TRAINED, run.code(), run.out() + run.err());
                assertTrue(run.out().contains("input model backbone: m:1"), run.out());
            }
        }
    }

    @Test
    void failedTransfersEndTheRunWithTheStatusAndNoSignature() throws Exception {
        // a dataset that is not there: 404, not retried
        Outcome missing = run(env("tabular-classification", "{}", "training/datasets/none.csv", "training/runs/24"));
        assertEquals(TrainerMain.FAILED, missing.code());
        assertTrue(missing.err().contains("GET " + server.endpoint() + "/" + BUCKET + "/training/datasets/none.csv answered 404 NoSuchKey"),
                missing.err());
        assertFalse(missing.err().contains("X-Amz-Signature"), missing.err());

        // an upload URL signed with another secret: the run trains but fails, nothing is uploaded
        put("training/datasets/5.csv", tabular().getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = env("tabular-classification", "{\"epochs\": 5}", "training/datasets/5.csv", "training/runs/25");
        S3Client wrong = new S3Client(new S3Settings(server.endpoint(), "us-east-1", BUCKET, true, ACCESS, "not-the-secret",
                null, Duration.ofSeconds(10)));
        env.put("MODELFLEET_OUTPUT_MODEL_URL",
                wrong.presignPut("training/runs/25/" + TrainingOutputs.MODEL, Duration.ofMinutes(5)).toString());
        Outcome refused = run(env);
        assertEquals(TrainerMain.FAILED, refused.code());
        assertTrue(refused.err().contains("PUT " + server.endpoint() + "/" + BUCKET + "/training/runs/25/model.onnx answered 403"),
                refused.err());
        assertFalse(refused.err().contains("X-Amz-Signature") || refused.err().contains("not-the-secret"), refused.err());
        assertFalse(exists("training/runs/25/" + TrainingOutputs.RESULT), "result.json says done: never without the model");

        // every output needs its URL, and a URL must be one
        Map<String, String> partial = env("tabular-classification", "{}", "training/datasets/5.csv", "training/runs/26");
        partial.remove("MODELFLEET_OUTPUT_RESULT_URL");
        assertTrue(run(partial).err().contains("MODELFLEET_OUTPUT_RESULT_URL is not set"));
        partial.put("MODELFLEET_OUTPUT_RESULT_URL", "file:///etc/passwd");
        assertTrue(run(partial).err().contains("MODELFLEET_OUTPUT_RESULT_URL is not an http(s) URL"));
    }

    @Test
    void transfersShowNoQueryAndRetryServerErrors() throws Exception {
        assertEquals("http://h:1/b/k", Transfers.shown(URI.create("http://h:1/b/k?X-Amz-Signature=abc")));
        assertEquals(3, Transfers.ATTEMPTS);
        // a server that answers 503 every time: three attempts, then the status
        com.sun.net.httpserver.HttpServer failing = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        failing.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        failing.start();
        try {
            Transfers transfers = new Transfers(new PrintStream(new ByteArrayOutputStream()), 10);
            URI url = URI.create("http://127.0.0.1:" + failing.getAddress().getPort() + "/x?X-Amz-Signature=secret");
            Transfers.HttpStatusException e = assertThrows(Transfers.HttpStatusException.class, () -> transfers.open(url));
            assertEquals(503, e.status);
            assertEquals(3, calls.get());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        } finally {
            failing.stop(0);
        }
    }
}
