package io.modelfleet.plugin.source.s3.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.itests.s3.S3Server;
import io.modelfleet.testkit.CollectingImportContext;
import io.modelfleet.testkit.ConfigAnnotations;
import io.modelfleet.testkit.DataSourceContract;
import software.amazon.awssdk.core.sync.RequestBody;

/** Against a real S3 server (s3proxy, in its own process); objects are put with the AWS SDK. */
class S3DataSourceTest extends DataSourceContract {
    private static final String ACCESS = "modelfleet-test";
    private static final String SECRET = "s3cr3t-never-logged";
    private static S3Server server;
    private static software.amazon.awssdk.services.s3.S3Client aws;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(ACCESS, SECRET);
        aws = server.awsClient();
        aws.createBucket(b -> b.bucket("training"));
        for (int i = 0; i < 5; i++) {
            put("tables/part-" + i + ".csv", "width,height,label\n" + i + ",1.5,ok\n" + i + ",9.5,bad\n");
        }
        put("tables/nested/folder a/ünïcode part.csv", "width,height,label\n42,4.2,ok\n");
        put("images/cat/001.png", "cat-one");
        put("images/cat/002.png", "cat-two");
        put("images/dog/001.jpg", "dog-one");
        put("images/README.txt", "not in a class folder");
        put("broken/bad.csv", "width,depth,label\n1,2,ok\n");
    }

    private static void put(String key, String content) {
        aws.putObject(b -> b.bucket("training").key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        aws.close();
        server.close();
    }

    private static S3SourceConfiguration config(String endpoint, String bucket, String access, String secret, int pageSize) {
        Map<String, Object> values = new HashMap<>(Map.of("id", "lake", "endpoint", endpoint, "region", "us-east-1",
                "bucket", bucket, "prefix", "", "pathStyle", true, "accessKey", access, "secretKey", secret,
                "sessionToken", "", "pageSize", pageSize));
        values.putAll(Map.of("maxObjects", 100, "maxCsvBytes", 1L << 20, "maxRows", 1000L, "requestTimeoutSeconds", 10));
        return ConfigAnnotations.of(S3SourceConfiguration.class, values);
    }

    private static S3DataSource source(int pageSize) {
        return new S3DataSource(config(server.endpoint(), "training", ACCESS, SECRET, pageSize));
    }

    /** Checks what a real import would, and keeps items and stored files. */
    private static CollectingImportContext collecting() {
        return new CollectingImportContext(List.of("width", "height")).requireColumns();
    }

    @Override
    protected DataSource contractSource() {
        return source(1000);
    }

    @Override
    protected ImportRequest minimalValidRequest() {
        return new ImportRequest(Map.of("prefix", "tables/nested/"));
    }

    @Override
    protected ImportRequest invalidRequest() {
        return new ImportRequest(Map.of("prefix", "../other/"));
    }

    @Override
    protected CollectingImportContext contractContext() {
        return collecting();
    }

    @Test
    void csvObjectsAreReadAcrossListingPagesIncludingKeysThatNeedEncoding() throws Exception {
        CollectingImportContext context = collecting();
        ImportSummary summary = source(2).importItems(new ImportRequest(Map.of("prefix", "tables/")), context);
        assertEquals(11, summary.imported(), "5 objects of 2 rows and one of 1, listed 2 keys per page");
        assertEquals(11, context.items.size());
        assertTrue(context.items.stream().anyMatch(i -> "42".equals(i.fields().get("width"))), "the ünïcode key was read");
        assertEquals(6, context.done);
        assertEquals(6, context.total);
    }

    @Test
    void classFoldersBecomeLabelledFilesWithTheirBytesStored() throws Exception {
        CollectingImportContext context = collecting();
        ImportSummary summary = source(1000).importItems(new ImportRequest(Map.of("prefix", "images/")), context);
        assertEquals(3, summary.imported());
        assertEquals(1, summary.skipped(), "README.txt sits outside the class folders");
        assertEquals(List.of("cat", "cat", "dog"), context.items.stream().map(DataItem::label).toList());
        DataItem dog = context.items.get(2);
        assertEquals("images/dog/001.jpg", dog.key());
        assertArrayEquals("dog-one".getBytes(StandardCharsets.UTF_8), context.contents.get(dog.contentRef()));
    }

    @Test
    void wrongCredentialsAMissingBucketAndBadRowsFailWithReasonsThatHoldNoSecret() {
        String wrongSecret = failure(new S3DataSource(config(server.endpoint(), "training", ACCESS, "wrong-secret", 100)), "");
        assertTrue(wrongSecret.contains("SignatureDoesNotMatch"), wrongSecret);
        String unknownKey = failure(new S3DataSource(config(server.endpoint(), "training", "nobody", SECRET, 100)), "");
        assertTrue(unknownKey.contains("InvalidAccessKeyId") || unknownKey.contains("AccessDenied"), unknownKey);
        String missing = failure(new S3DataSource(config(server.endpoint(), "no-such-bucket", ACCESS, SECRET, 100)), "");
        assertTrue(missing.contains("bucket 'no-such-bucket' does not exist"), missing);
        String empty = failure(source(100), "nothing-here/");
        assertTrue(empty.contains("there are no objects under 'nothing-here/'"), empty);
        String badColumns = failure(source(100), "broken/");
        assertTrue(badColumns.startsWith("broken/bad.csv: line 2"), badColumns);
        String unreachable = failure(new S3DataSource(config("http://127.0.0.1:" + freePort(), "training", ACCESS, SECRET, 100)), "");
        assertTrue(unreachable.contains("cannot connect to the S3 endpoint"), unreachable);
        for (String message : List.of(wrongSecret, unknownKey, missing, unreachable)) {
            assertFalse(message.contains(SECRET) || message.contains("wrong-secret"), message);
        }
    }

    @Test
    void prefixesCannotClimbOutAndLayoutsAreChecked() {
        assertTrue(failure(source(100), "../other/").contains("without '..'"));
        InvalidInputException layout = assertThrows(InvalidInputException.class,
                () -> source(100).importItems(new ImportRequest(Map.of("prefix", "images/", "layout", "parquet")), collecting()));
        assertTrue(layout.detail().contains("layout must be csv or folders"), layout.detail());
    }

    private static String failure(S3DataSource source, String prefix) {
        return assertThrows(InvalidInputException.class,
                () -> source.importItems(new ImportRequest(Map.of("prefix", prefix)), collecting())).detail();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
