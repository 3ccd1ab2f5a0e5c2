package io.modelfleet.api.support.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The S3 calls ModelFleet's plugins need, signed with AWS Signature Version 4 over the JDK's HTTP client (HTTP/1.1,
 * no redirects followed): ListObjectsV2, GetObject (optionally from an offset, with a {@code Range} header),
 * HeadObject, PutObject (one request streamed from a file), DeleteObject, and presigned GET and PUT URLs. Any
 * S3-compatible server (AWS, MinIO, Ceph RGW, s3proxy) speaks it. Thread-safe; one instance per bucket.
 * <p>
 * Limits: a PUT carries at most {@link #MAX_PUT_BYTES} (5 GiB, S3's limit for a single PutObject; multipart uploads
 * are not implemented); a presigned URL is valid for 1 second to {@link #MAX_PRESIGN_VALIDITY} (7 days, SigV4's
 * limit); a listing page holds at most {@link #MAX_LIST_KEYS} keys; an object key is at most {@link #MAX_KEY_BYTES}
 * bytes of UTF-8. Error documents are read up to 64 KiB.
 * <p>
 * Messages name the bucket, the endpoint, the key and the access key id, never the secret key, the session token or
 * a signature.
 */
public final class S3Client {
    /** The largest body one PUT sends: 5 GiB, what S3 accepts in a single PutObject. */
    public static final long MAX_PUT_BYTES = 5L * 1024 * 1024 * 1024;
    /** The longest a presigned URL may be valid: 7 days, SigV4's limit. */
    public static final Duration MAX_PRESIGN_VALIDITY = Duration.ofDays(7);
    /** The most keys S3 returns in one listing page. */
    public static final int MAX_LIST_KEYS = 1000;
    /** The longest object key, in bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 1024;
    /** A PUT may take its request timeout plus one second per this many bytes of body (at least 1 MiB/s). */
    static final long PUT_BYTES_PER_SECOND = 1024 * 1024;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** How a PUT's body is covered by the signature. */
    public enum Payload {
        /** {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}: the file is read once, while it is sent (use over HTTPS). */
        UNSIGNED,
        /** The file's SHA-256 is signed: the file is read twice, S3 refuses a body that differs from it. */
        SHA256
    }

    private final S3Settings settings;
    private final URI endpoint;
    private final Clock clock;
    private final HttpClient http;

    public S3Client(S3Settings settings) {
        this(settings, Clock.systemUTC());
    }

    public S3Client(S3Settings settings, Clock clock) {
        this.settings = settings;
        this.endpoint = settings.endpointUri();
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Where the bucket lives, for messages (no credentials in it). */
    public String location() {
        return "s3://" + settings.bucket() + " at " + endpoint;
    }

    public S3Settings settings() {
        return settings;
    }

    /** One page of ListObjectsV2 under {@code prefix}; {@code continuationToken} from the previous page or null. */
    public S3Page list(String prefix, String continuationToken, int maxKeys) throws IOException {
        if (maxKeys < 1 || maxKeys > MAX_LIST_KEYS) {
            throw new IllegalArgumentException("a listing page holds 1 to " + MAX_LIST_KEYS + " keys, not " + maxKeys);
        }
        Map<String, String> query = new TreeMap<>();
        query.put("list-type", "2");
        query.put("max-keys", Integer.toString(maxKeys));
        if (prefix != null && !prefix.isEmpty()) {
            query.put("prefix", prefix);
        }
        if (continuationToken != null) {
            query.put("continuation-token", continuationToken);
        }
        HttpResponse<InputStream> response = send("GET", "", query, Map.of(), HttpRequest.BodyPublishers.noBody(),
                SigV4.EMPTY_SHA256, settings.requestTimeout());
        try (InputStream body = response.body()) {
            return parseListing(body);
        }
    }

    /** The object's bytes; the caller closes the stream. */
    public InputStream get(String key) throws IOException {
        return get(key, 0);
    }

    /**
     * The object's bytes from {@code offset} on ({@code Range: bytes=<offset>-} when the offset is not 0); the caller
     * closes the stream. An offset at or past the end fails with status 416 ({@code InvalidRange}); a server that
     * ignores the range (answers 200) has the skipped bytes read and dropped.
     */
    public InputStream get(String key, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        checkKey(key);
        Map<String, String> headers = offset == 0 ? Map.of() : Map.of("range", "bytes=" + offset + "-");
        HttpResponse<InputStream> response = send("GET", key, Map.of(), headers, HttpRequest.BodyPublishers.noBody(),
                SigV4.EMPTY_SHA256, settings.requestTimeout());
        InputStream body = response.body();
        if (offset > 0 && response.statusCode() == 200) {
            try {
                body.skipNBytes(offset);
            } catch (IOException e) {
                body.close();
                throw e;
            }
        }
        return body;
    }

    /** The object's size (HeadObject), or -1 when there is no such key. */
    public long head(String key) throws IOException {
        checkKey(key);
        try {
            HttpResponse<InputStream> response = send("HEAD", key, Map.of(), Map.of(),
                    HttpRequest.BodyPublishers.noBody(), SigV4.EMPTY_SHA256, settings.requestTimeout());
            response.body().close();
            return response.headers().firstValueAsLong("content-length")
                    .orElseThrow(() -> new S3Exception(response.statusCode(), null,
                            "S3 answered HEAD of '" + key + "' in " + location() + " without a Content-Length"));
        } catch (S3Exception e) {
            if (e.status() == 404) {
                return -1;
            }
            throw e;
        }
    }

    /**
     * Uploads the file as the object {@code key} in one PUT (at most {@link #MAX_PUT_BYTES}). With
     * {@code ifNoneMatch} the request carries {@code If-None-Match: *}, so a server that supports conditional writes
     * (AWS since 2024, recent MinIO) refuses to replace an existing object: then this returns false. A server that
     * ignores the header replaces the object. The request may take the request timeout plus one second per MiB.
     *
     * @return true when the object was written, false when {@code ifNoneMatch} found it there already
     */
    public boolean put(String key, Path file, Payload payload, boolean ifNoneMatch) throws IOException {
        checkKey(key);
        long size = Files.size(file);
        if (size > MAX_PUT_BYTES) {
            throw new S3Exception(0, "EntityTooLarge", "'" + key + "' would be " + size + " bytes; one PUT to "
                    + location() + " carries at most " + MAX_PUT_BYTES + " bytes (5 GiB)");
        }
        String payloadHash = payload == Payload.SHA256 ? sha256Hex(file) : SigV4.UNSIGNED_PAYLOAD;
        Map<String, String> headers = ifNoneMatch ? Map.of("if-none-match", "*") : Map.of();
        Duration timeout = settings.requestTimeout().plusSeconds(size / PUT_BYTES_PER_SECOND);
        try {
            send("PUT", key, Map.of(), headers, HttpRequest.BodyPublishers.ofFile(file), payloadHash, timeout).body().close();
            return true;
        } catch (S3Exception e) {
            if (ifNoneMatch && (e.status() == 412 || "PreconditionFailed".equals(e.code()))) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes the object; S3 answers the same whether it existed or not. */
    public void delete(String key) throws IOException {
        checkKey(key);
        send("DELETE", key, Map.of(), Map.of(), HttpRequest.BodyPublishers.noBody(), SigV4.EMPTY_SHA256,
                settings.requestTimeout()).body().close();
    }

    /** A URL anyone may GET the object with, for {@code validity} (1 s to 7 days), with no other credentials. */
    public URI presignGet(String key, Duration validity) {
        return presign("GET", key, validity, clock.instant());
    }

    /**
     * A URL anyone may PUT the object with (a plain PUT of the bytes, no headers needed), for {@code validity} (1 s to
     * 7 days). It replaces an existing object: hand it out for keys nobody else writes.
     */
    public URI presignPut(String key, Duration validity) {
        return presign("PUT", key, validity, clock.instant());
    }

    /** SigV4 query signing: only {@code host} is signed, the payload is {@code UNSIGNED-PAYLOAD}. */
    URI presign(String method, String key, Duration validity, Instant now) {
        checkKey(key);
        if (validity == null || validity.compareTo(Duration.ofSeconds(1)) < 0 || validity.compareTo(MAX_PRESIGN_VALIDITY) > 0) {
            throw new IllegalArgumentException("a presigned URL is valid for 1 second to 7 days, not " + validity);
        }
        String host = host();
        String path = path(key);
        String amzDate = SigV4.amzDate(now);
        String scope = SigV4.scope(amzDate.substring(0, 8), settings.region());
        Map<String, String> query = new TreeMap<>();
        query.put("X-Amz-Algorithm", SigV4.ALGORITHM);
        query.put("X-Amz-Credential", settings.accessKey() + "/" + scope);
        query.put("X-Amz-Date", amzDate);
        query.put("X-Amz-Expires", Long.toString(validity.toSeconds()));
        query.put("X-Amz-SignedHeaders", "host");
        if (settings.sessionToken() != null) {
            query.put("X-Amz-Security-Token", settings.sessionToken());
        }
        String canonicalQuery = SigV4.canonicalQuery(query);
        String canonicalRequest = SigV4.canonicalRequest(method, path, canonicalQuery, new TreeMap<>(Map.of("host", host)),
                SigV4.UNSIGNED_PAYLOAD);
        String signature = SigV4.signature(settings.secretKey(), amzDate, settings.region(), canonicalRequest);
        return URI.create(endpoint.getScheme() + "://" + host + path + "?" + canonicalQuery + "&X-Amz-Signature=" + signature);
    }

    /** The headers a request is sent with, {@code Authorization} among them; package-private for the signing tests. */
    TreeMap<String, String> signedHeaders(String method, String path, String canonicalQuery, Map<String, String> extra,
            String payloadHash, Instant now) {
        String amzDate = SigV4.amzDate(now);
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("host", host());
        headers.put("x-amz-content-sha256", payloadHash);
        headers.put("x-amz-date", amzDate);
        if (settings.sessionToken() != null) {
            headers.put("x-amz-security-token", settings.sessionToken());
        }
        headers.putAll(extra);
        String canonicalRequest = SigV4.canonicalRequest(method, path, canonicalQuery, headers, payloadHash);
        String signature = SigV4.signature(settings.secretKey(), amzDate, settings.region(), canonicalRequest);
        TreeMap<String, String> sent = new TreeMap<>(headers);
        sent.put("authorization", SigV4.ALGORITHM + " Credential=" + settings.accessKey() + "/"
                + SigV4.scope(amzDate.substring(0, 8), settings.region()) + ", SignedHeaders="
                + SigV4.signedHeaders(headers) + ", Signature=" + signature);
        return sent;
    }

    private HttpResponse<InputStream> send(String method, String key, Map<String, String> query,
            Map<String, String> extraHeaders, HttpRequest.BodyPublisher body, String payloadHash, Duration timeout)
            throws IOException {
        String path = path(key);
        String canonicalQuery = SigV4.canonicalQuery(query);
        URI uri = URI.create(endpoint.getScheme() + "://" + host() + path + (canonicalQuery.isEmpty() ? "" : "?" + canonicalQuery));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body);
        signedHeaders(method, path, canonicalQuery, extraHeaders, payloadHash, clock.instant()).forEach((name, value) -> {
            if (!name.equals("host")) { // the client sends Host itself, from the URI, as signed
                request.header(name, value);
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new S3Exception(0, "Unreachable", "cannot connect to the S3 endpoint " + endpoint);
        } catch (HttpTimeoutException e) {
            throw new S3Exception(0, "Timeout", "the S3 endpoint " + endpoint + " did not answer " + method + " of '"
                    + key + "' within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw error(method, response, key);
        }
        return response;
    }

    private S3Exception error(String method, HttpResponse<InputStream> response, String key) throws IOException {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        }
        String code = xmlText(body, "Code");
        String message = xmlText(body, "Message");
        int status = response.statusCode();
        String object = "'" + key + "' in " + location();
        String what = switch (code == null ? "" : code) {
        case "NoSuchBucket" -> "bucket '" + settings.bucket() + "' does not exist at " + endpoint;
        case "NoSuchKey" -> "object " + object + " does not exist";
        case "InvalidAccessKeyId" -> "S3 does not know the access key id '" + settings.accessKey() + "' (InvalidAccessKeyId)";
        case "SignatureDoesNotMatch" -> "S3 refused the secret key for access key id '" + settings.accessKey()
                + "' (SignatureDoesNotMatch)";
        case "AccessDenied" -> "S3 denied " + method + " of " + (key.isEmpty() ? location() : object) + " to access key id '"
                + settings.accessKey() + "' (AccessDenied)";
        case "InvalidRange" -> "the offset is past the end of object " + object + " (InvalidRange)";
        case "" -> status == 403 ? "S3 refused " + method + " of " + object + " with 403 Forbidden for access key id '"
                + settings.accessKey() + "' (a " + method + " answer names no reason: a wrong secret key, an unknown"
                + " access key id or a missing permission)"
                : "S3 answered " + method + " of " + object + " with " + status;
        default -> "S3 answered " + method + " of " + object + " with " + status + " " + code
                + (message == null ? "" : ": " + message);
        };
        return new S3Exception(status, code, what);
    }

    static S3Page parseListing(InputStream body) throws IOException {
        List<S3Object> objects = new ArrayList<>();
        String nextToken = null;
        boolean truncated = false;
        try {
            XMLStreamReader xml = xmlFactory().createXMLStreamReader(body);
            String key = null;
            long size = -1;
            StringBuilder text = new StringBuilder();
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    text.setLength(0);
                    if (xml.getLocalName().equals("Contents")) {
                        key = null;
                        size = -1;
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(xml.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    switch (xml.getLocalName()) {
                    case "Key" -> key = text.toString();
                    case "Size" -> size = Long.parseLong(text.toString().trim());
                    case "Contents" -> objects.add(new S3Object(key, size));
                    case "NextContinuationToken" -> nextToken = text.toString();
                    case "IsTruncated" -> truncated = Boolean.parseBoolean(text.toString().trim());
                    default -> {
                    }
                    }
                }
            }
        } catch (XMLStreamException | NumberFormatException e) {
            throw new IOException("S3 sent a listing that is not valid XML: " + e.getMessage());
        }
        return new S3Page(objects, truncated ? nextToken : null);
    }

    private static String xmlText(byte[] body, String element) {
        if (body.length == 0) {
            return null;
        }
        try {
            XMLStreamReader xml = xmlFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals(element)) {
                    return xml.getElementText();
                }
            }
        } catch (XMLStreamException e) {
            // not an S3 error document (a proxy's HTML page, say): the status code tells enough
        }
        return null;
    }

    /** The JDK's StAX parser, with DTDs and external entities off (S3 XML never needs them). */
    private static XMLInputFactory xmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    private String host() {
        String host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        return settings.pathStyle() ? host : settings.bucket() + "." + host;
    }

    /** The canonical (and sent) path: endpoint path, bucket when path-style, then the key, each percent-encoded. */
    private String path(String key) {
        return (endpoint.getRawPath() == null ? "" : endpoint.getRawPath())
                + (settings.pathStyle() ? "/" + SigV4.encode(settings.bucket(), false) : "") + "/" + SigV4.encode(key, true);
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("an S3 object key must not be empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("an S3 object key is at most " + MAX_KEY_BYTES + " bytes of UTF-8");
        }
    }

    private static String sha256Hex(Path file) throws IOException {
        MessageDigest digest = SigV4.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return SigV4.hex(digest.digest());
    }

    /** RFC 3986 percent-encoding as SigV4 wants it (for callers building S3 keys or URLs by hand). */
    public static String encode(String text, boolean keepSlash) {
        return SigV4.encode(text, keepSlash);
    }
}
