package io.modelfleet.plugin.store.s3.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.modelfleet.api.spi.storage.ArtifactStore;
import io.modelfleet.api.support.s3.S3Client;
import io.modelfleet.api.support.s3.S3Settings;
import io.modelfleet.itests.s3.S3Server;
import io.modelfleet.testkit.ConfigAnnotations;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The store against a real S3 server (s3proxy in its own process); what lands in the bucket is checked with the AWS
 * SDK, an independent client, and presigned URLs are used with a plain JDK HttpClient, as a training Job would.
 */
class S3ArtifactStoreTest {
    private static final String ACCESS = "modelfleet-store";
    private static final String SECRET = "st0re-s3cr3t-never-shown";
    private static final String BUCKET = "artifacts";
    private static S3Server server;
    private static software.amazon.awssdk.services.s3.S3Client aws;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(ACCESS, SECRET);
        aws = server.awsClient();
        aws.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() {
        aws.close();
        server.close();
    }

    private static Map<String, Object> settings(String prefix) {
        Map<String, Object> values = new HashMap<>(Map.of("endpoint", server.endpoint(), "region", "us-east-1",
                "bucket", BUCKET, "prefix", prefix, "pathStyle", true, "accessKey", ACCESS, "_secretKey", SECRET,
                "connectTimeoutSeconds", 5, "requestTimeoutSeconds", 20));
        return values;
    }

    private static S3ArtifactStore store(String prefix, Map<String, Object> overrides) {
        return new S3ArtifactStore(ConfigAnnotations.of(S3StoreConfiguration.class, settings(prefix), overrides));
    }

    private static S3ArtifactStore store(String prefix) {
        return store(prefix, Map.of());
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] read(ArtifactStore store, String key, long offset) throws IOException {
        try (InputStream in = store.open(key, offset)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void putsReadsFromAnOffsetSizesAndDeletesUnderThePrefix(boolean signPayload) throws Exception {
        S3ArtifactStore store = store("/fleet/prod/", Map.of("signPayload", signPayload));
        byte[] model = random(3 * 1024 * 1024 + 17, 1);
        String key = "models/sign-" + signPayload + "/model.onnx";
        store.put(key, file("model.onnx", model));
        assertEquals(model.length, store.size(key));
        assertArrayEquals(model, read(store, key, 0));
        assertArrayEquals(Arrays.copyOfRange(model, 1_234_567, model.length), read(store, key, 1_234_567));
        assertArrayEquals(new byte[0], read(store, key, model.length), "at the end: nothing left, as with a file");
        assertArrayEquals(new byte[0], read(store, key, model.length + 10L), "past the end: nothing, as with a file");
        // the object is <prefix>/<key>, bytes as sent
        assertArrayEquals(model, aws.getObjectAsBytes(b -> b.bucket(BUCKET).key("fleet/prod/" + key)).asByteArray());

        assertTrue(store.delete(key));
        assertEquals(-1, store.size(key));
        assertFalse(store.delete(key), "deleting what is not there reports false");
        assertThrows(NoSuchFileException.class, () -> store.open(key, 0));
        assertThrows(IllegalArgumentException.class, () -> store.open(key, -1));
    }

    @Test
    void anEmptyBlobAndTheBucketRootWork() throws Exception {
        S3ArtifactStore store = store("");
        store.put("empty.bin", file("empty", new byte[0]));
        assertEquals(0, store.size("empty.bin"));
        assertArrayEquals(new byte[0], read(store, "empty.bin", 0));
        assertTrue(aws.headObject(b -> b.bucket(BUCKET).key("empty.bin")).contentLength() == 0);
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void aSecondPutOfAKeyLeavesTheFirstBlob(boolean conditionalPut) throws Exception {
        S3ArtifactStore store = store("twice", Map.of("conditionalPut", conditionalPut));
        String key = "datasets/9/versions/" + conditionalPut + ".csv";
        store.put(key, file("one", "first".getBytes(StandardCharsets.UTF_8)));
        store.put(key, file("two", "second, longer".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", new String(read(store, key, 0), StandardCharsets.UTF_8));
        assertEquals(5, store.size(key));
    }

    /**
     * What {@code If-None-Match: *} does on this server (the store's second guard after HEAD, for two writers racing):
     * S3 and recent MinIO refuse the second write with 412, and so does s3proxy 4.1.
     */
    @Test
    void conditionalWritesOnThisServer() throws Exception {
        S3Client client = new S3Client(new S3Settings(server.endpoint(), "us-east-1", BUCKET, true, ACCESS, SECRET, null,
                Duration.ofSeconds(10)));
        assertTrue(client.put("conditional/a", file("a1", new byte[] { 1 }), S3Client.Payload.SHA256, true));
        boolean secondWritten = client.put("conditional/a", file("a2", new byte[] { 2, 2 }), S3Client.Payload.SHA256, true);
        assertFalse(secondWritten, "s3proxy answers 412 Precondition Failed, as AWS does");
        assertEquals(1, client.head("conditional/a"), "the first object stays");
        // without the header the same PUT replaces it: what the store's HEAD-first check guards against
        assertTrue(client.put("conditional/a", file("a3", new byte[] { 3, 3, 3 }), S3Client.Payload.UNSIGNED, false));
        assertEquals(3, client.head("conditional/a"));
    }

    @Test
    void unknownKeysAreMissingNotErrors() throws Exception {
        S3ArtifactStore store = store("fleet");
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> store.open("models/none/model.onnx", 0));
        assertTrue(missing.getMessage().contains("models/none/model.onnx"), missing.getMessage());
        assertTrue(missing.getMessage().contains("s3://artifacts"), missing.getMessage());
        assertThrows(NoSuchFileException.class, () -> store.open("models/none/model.onnx", 5));
        assertEquals(-1, store.size("models/none/model.onnx"));
        assertFalse(store.delete("models/none/model.onnx"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "../x", "a/../../x", "/etc/passwd", "a//b", ".hidden", "", "a/", "a b", "ü" })
    void keysOutsideTheSpiRulesAreRefused(String key) throws Exception {
        S3ArtifactStore store = store("fleet");
        assertThrows(IllegalArgumentException.class, () -> store.size(key), key);
        assertThrows(IllegalArgumentException.class, () -> store.put(key, file("k", new byte[1])), key);
        assertThrows(IllegalArgumentException.class, () -> store.presignedGet(key, Duration.ofMinutes(1)), key);
    }

    @Test
    void keySegmentsAreAtMost128Characters() throws Exception {
        S3ArtifactStore store = store("fleet");
        assertEquals(-1, store.size("a".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> store.size("a".repeat(129)));
    }

    @Test
    void wrongCredentialsAMissingBucketAndADeadEndpointFailClearlyWithoutTheSecret() throws Exception {
        Path source = file("blob", "bytes".getBytes(StandardCharsets.UTF_8));
        List<String> messages = new java.util.ArrayList<>();

        S3ArtifactStore wrongSecret = store("fleet", Map.of("_secretKey", "wrong-secret-value"));
        String put = assertThrows(IOException.class, () -> wrongSecret.put("a/b", source)).getMessage();
        assertTrue(put.contains("403") && put.contains("'" + ACCESS + "'"), put); // HEAD first: no error document
        String open = assertThrows(IOException.class, () -> wrongSecret.open("a/b", 0)).getMessage();
        assertTrue(open.contains("SignatureDoesNotMatch") && open.contains(ACCESS), open);
        messages.addAll(List.of(put, open));

        S3ArtifactStore unknownKey = store("fleet", Map.of("accessKey", "nobody"));
        String unknown = assertThrows(IOException.class, () -> unknownKey.open("a/b", 0)).getMessage();
        assertTrue(unknown.contains("InvalidAccessKeyId") || unknown.contains("AccessDenied"), unknown);
        messages.add(unknown);

        S3ArtifactStore noBucket = store("fleet", Map.of("bucket", "no-such-bucket"));
        String bucket = assertThrows(IOException.class, () -> noBucket.put("a/b", source)).getMessage();
        assertTrue(bucket.contains("bucket 'no-such-bucket' does not exist"), bucket);
        String bucketOpen = assertThrows(IOException.class, () -> noBucket.open("a/b", 0)).getMessage();
        assertTrue(bucketOpen.contains("bucket 'no-such-bucket' does not exist"), "not a missing artifact: " + bucketOpen);
        messages.addAll(List.of(bucket, bucketOpen));

        S3ArtifactStore dead = store("fleet", Map.of("endpoint", "http://127.0.0.1:" + freePort()));
        String unreachable = assertThrows(IOException.class, () -> dead.size("a/b")).getMessage();
        assertTrue(unreachable.contains("cannot connect to the S3 endpoint"), unreachable);
        messages.add(unreachable);

        for (String message : messages) {
            assertFalse(message.contains(SECRET) || message.contains("wrong-secret-value"), message);
        }
    }

    @Test
    void presignedUrlsWorkWithAPlainHttpClient() throws Exception {
        S3ArtifactStore store = store("jobs");
        byte[] dataset = "width,height,label\n1,2,ok\n".getBytes(StandardCharsets.UTF_8);
        store.put("training/datasets/3.csv", file("3.csv", dataset));

        URI get = store.presignedGet("training/datasets/3.csv", Duration.ofMinutes(10));
        assertFalse(get.toString().contains(SECRET));
        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(get).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(dataset, download.body());

        byte[] model = random(200_000, 2);
        URI put = store.presignedPut("training/runs/7/model.onnx", Duration.ofMinutes(10));
        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofByteArray(model))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upload.statusCode(), upload.body());
        assertArrayEquals(model, read(store, "training/runs/7/model.onnx", 0));
        assertArrayEquals(model, aws.getObjectAsBytes(b -> b.bucket(BUCKET).key("jobs/training/runs/7/model.onnx")).asByteArray());

        // a URL is for its key and method only
        URI other = URI.create(get.toString().replace("3.csv", "4.csv"));
        assertEquals(403, HTTP.send(HttpRequest.newBuilder(other).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode());
        assertEquals(403, HTTP.send(HttpRequest.newBuilder(get).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        assertArrayEquals(dataset, read(store, "training/datasets/3.csv", 0));
    }

    @Test
    void anExpiredPresignedUrlIsRefused() throws Exception {
        S3ArtifactStore store = store("jobs");
        store.put("expiring/a.txt", file("a.txt", "a".getBytes(StandardCharsets.UTF_8)));
        URI get = store.presignedGet("expiring/a.txt", Duration.ofSeconds(1));
        Thread.sleep(2_100);
        assertEquals(403, HTTP.send(HttpRequest.newBuilder(get).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode());
    }

    @Test
    void presignedValidityIsLimitedToSevenDays() {
        S3ArtifactStore store = store("jobs");
        store.presignedPut("a/b", Duration.ofDays(7));
        assertThrows(IllegalArgumentException.class, () -> store.presignedPut("a/b", Duration.ofDays(7).plusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> store.presignedGet("a/b", Duration.ZERO));
    }

    @Test
    void badConfigurationFailsTheActivationNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store("a/../b")).getMessage().startsWith("prefix:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store("a//b")).getMessage().startsWith("prefix:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store("", Map.of("bucket", " "))).getMessage()
                .contains("bucket"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store("", Map.of("endpoint", "ftp://x")))
                .getMessage().contains("endpoint"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store("", Map.of("requestTimeoutSeconds", 0)))
                .getMessage().contains("timeouts"));
        assertEquals("a/b", S3ArtifactStore.prefix("/a/b/"));
        assertEquals("", S3ArtifactStore.prefix(" "));
    }

    /** What SCR reads (bnd wrote it from the annotations): ranking, REQUIRE, both service types, private secret. */
    @Test
    void theComponentOutranksTheFilesystemStoreAndNeedsItsConfiguration() throws Exception {
        String xml = Files.readString(Path.of("target/classes/OSGI-INF/" + S3ArtifactStore.class.getName() + ".xml"));
        assertTrue(xml.contains("configuration-policy=\"require\""), xml);
        assertTrue(xml.contains("configuration-pid=\"io.modelfleet.plugin.store.s3\""), xml);
        assertTrue(xml.matches("(?s).*name=\"service.ranking\"\\s+type=\"Integer\"\\s+value=\"100\".*"), xml);
        assertTrue(xml.contains("<provide interface=\"io.modelfleet.api.spi.storage.ArtifactStore\"/>"), xml);
        assertTrue(xml.contains("<provide interface=\"io.modelfleet.api.spi.storage.PresigningArtifactStore\"/>"), xml);
        String metatype = Files.readString(Path.of("target/classes/OSGI-INF/metatype/" + S3StoreConfiguration.class.getName() + ".xml"));
        assertTrue(metatype.contains("<AD id=\".secretKey\" type=\"Password\""), metatype);
        assertTrue(metatype.contains("<Designate pid=\"io.modelfleet.plugin.store.s3\">"), metatype);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
