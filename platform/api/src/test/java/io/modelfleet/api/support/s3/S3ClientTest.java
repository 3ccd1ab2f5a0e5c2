package io.modelfleet.api.support.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing checked offline against the worked examples of AWS's S3 Signature Version 4 documentation ("Examples:
 * Signature Calculations" for header-based authentication and "Authenticating Requests: Using Query Parameters"):
 * access key {@code AKIAIOSFODNN7EXAMPLE}, bucket {@code examplebucket}, 2013-05-24T00:00:00Z. The calls against a
 * real S3 server are tested where one runs: plugins/store-s3 and plugins/source-s3 (s3proxy).
 */
class S3ClientTest {
    private static final String ACCESS = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant WHEN = Instant.parse("2013-05-24T00:00:00Z");

    @TempDir
    Path dir;

    /** The documentation's client: virtual-hosted style, examplebucket.s3.amazonaws.com. */
    private static S3Client example() {
        return new S3Client(new S3Settings("https://s3.amazonaws.com", "us-east-1", "examplebucket", false, ACCESS,
                SECRET, null, Duration.ofSeconds(5)));
    }

    private static String signature(Map<String, String> headers) {
        String authorization = headers.get("authorization");
        return authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());
    }

    @Test
    void getObjectWithARangeMatchesTheAwsExample() {
        TreeMap<String, String> headers = example().signedHeaders("GET", "/test.txt", "", Map.of("range", "bytes=0-9"),
                SigV4.EMPTY_SHA256, WHEN);
        String canonical = SigV4.canonicalRequest("GET", "/test.txt", "", new TreeMap<>(Map.of(
                "host", "examplebucket.s3.amazonaws.com", "range", "bytes=0-9",
                "x-amz-content-sha256", SigV4.EMPTY_SHA256, "x-amz-date", "20130524T000000Z")), SigV4.EMPTY_SHA256);
        assertEquals("""
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""", canonical);
        assertEquals("""
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972""",
                SigV4.stringToSign("20130524T000000Z", "20130524/us-east-1/s3/aws4_request", canonical));
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", headers.get("authorization"));
        assertEquals("examplebucket.s3.amazonaws.com", headers.get("host"));
    }

    @Test
    void putObjectWithASignedPayloadMatchesTheAwsExample() {
        String payload = SigV4.hex(SigV4.sha256("Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8)));
        assertEquals("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", payload);
        String path = "/" + SigV4.encode("test$file.text", true);
        assertEquals("/test%24file.text", path);
        TreeMap<String, String> headers = example().signedHeaders("PUT", path, "", Map.of(
                "date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class", "REDUCED_REDUNDANCY"), payload, WHEN);
        assertEquals("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd", signature(headers));
    }

    @Test
    void aListingQueryIsCanonicalAndMatchesTheAwsExample() {
        String query = SigV4.canonicalQuery(Map.of("prefix", "J", "max-keys", "2"));
        assertEquals("max-keys=2&prefix=J", query);
        TreeMap<String, String> headers = example().signedHeaders("GET", "/", query, Map.of(), SigV4.EMPTY_SHA256, WHEN);
        assertEquals("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7", signature(headers));
    }

    @Test
    void aPresignedGetMatchesTheAwsQueryExample() {
        URI url = example().presign("GET", "test.txt", Duration.ofDays(1), WHEN);
        assertEquals("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", url.toString());
    }

    @Test
    void presignedUrlsArePathStyleOnOtherEndpointsCarryTheSessionTokenAndHoldNoSecret() {
        S3Client client = new S3Client(new S3Settings("http://127.0.0.1:9000/base/", "eu-west-1", "artifacts", true,
                "AK", "the-secret-key", "the-session-token", Duration.ofSeconds(5)));
        URI put = client.presign("PUT", "training/runs/7/model.onnx", Duration.ofMinutes(15), WHEN);
        assertEquals("http", put.getScheme());
        assertEquals("127.0.0.1", put.getHost());
        assertEquals(9000, put.getPort());
        assertEquals("/base/artifacts/training/runs/7/model.onnx", put.getRawPath());
        String query = put.getRawQuery();
        assertTrue(query.contains("X-Amz-Expires=900&"), query);
        assertTrue(query.contains("X-Amz-Credential=AK%2F20130524%2Feu-west-1%2Fs3%2Faws4_request&"), query);
        assertTrue(query.contains("X-Amz-Security-Token=the-session-token&"), query);
        assertTrue(query.matches(".*&X-Amz-Signature=[0-9a-f]{64}$"), query);
        assertFalse(put.toString().contains("the-secret-key"));
        // the method is signed: the same key and time give another signature for GET
        assertFalse(client.presign("GET", "training/runs/7/model.onnx", Duration.ofMinutes(15), WHEN).toString()
                .endsWith(query.substring(query.lastIndexOf('='))));
    }

    @Test
    void presignedValidityIsOneSecondToSevenDays() {
        S3Client client = example();
        assertEquals("X-Amz-Expires=604800", List.of(client.presign("GET", "k", S3Client.MAX_PRESIGN_VALIDITY, WHEN)
                .getRawQuery().split("&")).stream().filter(p -> p.startsWith("X-Amz-Expires")).findFirst().orElseThrow());
        client.presign("GET", "k", Duration.ofSeconds(1), WHEN);
        for (Duration bad : new Duration[] { Duration.ofMillis(999), Duration.ZERO, Duration.ofSeconds(-5),
                S3Client.MAX_PRESIGN_VALIDITY.plusSeconds(1), null }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> client.presign("PUT", "k", bad, WHEN), String.valueOf(bad));
            assertTrue(e.getMessage().contains("1 second to 7 days"), e.getMessage());
        }
    }

    @Test
    void keysAreEncodedAndLimited() {
        assertEquals("a%20b/%C3%BC.csv", S3Client.encode("a b/ü.csv", true));
        assertEquals("a%2Fb", S3Client.encode("a/b", false));
        assertEquals("list-type=2&prefix=x%2Fy", SigV4.canonicalQuery(Map.of("prefix", "x/y", "list-type", "2")));
        S3Client client = example();
        client.presign("GET", "k".repeat(S3Client.MAX_KEY_BYTES), Duration.ofMinutes(1), WHEN);
        assertThrows(IllegalArgumentException.class,
                () -> client.presign("GET", "k".repeat(S3Client.MAX_KEY_BYTES + 1), Duration.ofMinutes(1), WHEN));
        assertThrows(IllegalArgumentException.class, () -> client.presign("GET", "", Duration.ofMinutes(1), WHEN));
        assertThrows(IllegalArgumentException.class, () -> client.list("", null, 0));
        assertThrows(IllegalArgumentException.class, () -> client.list("", null, S3Client.MAX_LIST_KEYS + 1));
    }

    @Test
    void aFileAboveFiveGibIsRefusedBeforeAnythingIsSent() throws IOException {
        Path big = dir.resolve("big.bin");
        try (var channel = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            channel.position(S3Client.MAX_PUT_BYTES); // one byte over the limit, sparse
            channel.write(java.nio.ByteBuffer.wrap(new byte[] { 1 }));
        }
        assertEquals(S3Client.MAX_PUT_BYTES + 1, Files.size(big));
        // an endpoint nobody listens on: the refusal must come first
        S3Client client = new S3Client(new S3Settings("http://127.0.0.1:9", "us-east-1", "b", true, "AK", "secret",
                null, Duration.ofSeconds(2)));
        S3Exception e = assertThrows(S3Exception.class, () -> client.put("big.bin", big, S3Client.Payload.UNSIGNED, true));
        assertEquals("EntityTooLarge", e.code());
        assertTrue(e.getMessage().contains("at most 5368709120 bytes (5 GiB)"), e.getMessage());
    }

    @Test
    void settingsAreCheckedAndNeverShowTheSecret() {
        S3Settings settings = new S3Settings("", "eu-central-1", "b", true, "AK", "top-secret", "token-secret",
                Duration.ofSeconds(3), Duration.ofSeconds(30));
        assertEquals(URI.create("https://s3.eu-central-1.amazonaws.com"), settings.endpointUri());
        assertFalse(settings.toString().contains("top-secret") || settings.toString().contains("token-secret"),
                settings.toString());
        for (String endpoint : new String[] { "ftp://host", "http://user:pw@host", "http://host/?q=1", "not a url" }) {
            S3Settings bad = new S3Settings(endpoint, "r", "b", true, "AK", "s", null, Duration.ofSeconds(1));
            assertThrows(IllegalArgumentException.class, bad::endpointUri, endpoint);
        }
        assertThrows(IllegalArgumentException.class,
                () -> new S3Settings(null, "r", " ", true, "AK", "s", null, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new S3Settings(null, "r", "b", true, "AK", "s", null, Duration.ZERO));
        assertNull(new S3Settings(null, "r", "b", true, "AK", "s", " ", Duration.ofSeconds(1)).sessionToken());
    }

    @Test
    void listingsAreParsedWithTheirContinuationToken() throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Name>b</Name><IsTruncated>true</IsTruncated><NextContinuationToken>next/1</NextContinuationToken>
                  <Contents><Key>a/ü.csv</Key><Size>12</Size></Contents>
                  <Contents><Key>a/b.csv</Key><Size>0</Size></Contents>
                </ListBucketResult>""";
        S3Page page = S3Client.parseListing(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(new S3Object("a/ü.csv", 12), new S3Object("a/b.csv", 0)), page.objects());
        assertEquals("next/1", page.nextToken());
        S3Page last = S3Client.parseListing(new ByteArrayInputStream(
                "<ListBucketResult><IsTruncated>false</IsTruncated><NextContinuationToken>x</NextContinuationToken></ListBucketResult>"
                        .getBytes(StandardCharsets.UTF_8)));
        assertNull(last.nextToken());
        // no DTDs, no entities: a listing is data, never instructions to the parser
        assertThrows(IOException.class, () -> S3Client.parseListing(new ByteArrayInputStream(
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ListBucketResult><Contents><Key>&e;</Key></Contents></ListBucketResult>"
                        .getBytes(StandardCharsets.UTF_8))));
    }
}
