package io.modelfleet.plugin.source.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The two S3 calls a data source needs, ListObjectsV2 and GetObject, signed with AWS Signature Version 4 over the
 * JDK's HTTP client. Owning this small client keeps the plugin one bundle with no third-party wiring; any S3-compatible
 * server (AWS, MinIO, Ceph, s3proxy) speaks it. Secrets never appear in messages.
 */
final class S3Client {
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    record S3Object(String key, long size) {
    }

    record Page(List<S3Object> objects, String nextToken) {
    }

    /** An S3 error response, with its code (NoSuchBucket, InvalidAccessKeyId...) when the server sent one. */
    static final class S3Exception extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        S3Exception(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private final URI endpoint;
    private final String region;
    private final String bucket;
    private final boolean pathStyle;
    private final String accessKey;
    private final String secretKey;
    private final String sessionToken;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    S3Client(String endpoint, String region, String bucket, boolean pathStyle, String accessKey, String secretKey,
            String sessionToken, Duration timeout, Clock clock) {
        this.endpoint = URI.create(endpoint == null || endpoint.isBlank() ? "https://s3." + region + ".amazonaws.com"
                : endpoint.replaceAll("/+$", ""));
        if (this.endpoint.getScheme() == null || !this.endpoint.getScheme().matches("https?") || this.endpoint.getHost() == null) {
            throw new IllegalArgumentException("the S3 endpoint must be an http(s) URL, not '" + endpoint + "'");
        }
        this.region = region;
        this.bucket = bucket;
        this.pathStyle = pathStyle;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.sessionToken = sessionToken == null || sessionToken.isBlank() ? null : sessionToken;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Where the bucket lives, for messages (no credentials in it). */
    String location() {
        return "s3://" + bucket + " at " + endpoint;
    }

    Page list(String prefix, String continuationToken, int pageSize) throws IOException {
        Map<String, String> query = new TreeMap<>();
        query.put("list-type", "2");
        query.put("max-keys", Integer.toString(pageSize));
        if (!prefix.isEmpty()) {
            query.put("prefix", prefix);
        }
        if (continuationToken != null) {
            query.put("continuation-token", continuationToken);
        }
        HttpResponse<InputStream> response = send("", query);
        try (InputStream body = response.body()) {
            return parseListing(body);
        }
    }

    /** The object's bytes; the caller closes the stream. */
    InputStream get(String key) throws IOException {
        return send(key, Map.of()).body();
    }

    private HttpResponse<InputStream> send(String key, Map<String, String> query) throws IOException {
        String host = pathStyle ? hostHeader(endpoint) : bucket + "." + hostHeader(endpoint);
        String path = (endpoint.getRawPath() == null ? "" : endpoint.getRawPath())
                + (pathStyle ? "/" + encode(bucket, false) : "") + "/" + encode(key, true);
        String canonicalQuery = canonicalQuery(query);
        URI uri = URI.create(endpoint.getScheme() + "://" + host + path + (canonicalQuery.isEmpty() ? "" : "?" + canonicalQuery));

        String amzDate = AMZ_DATE.format(clock.instant());
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("host", host);
        headers.put("x-amz-content-sha256", EMPTY_SHA256);
        headers.put("x-amz-date", amzDate);
        if (sessionToken != null) {
            headers.put("x-amz-security-token", sessionToken);
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value.trim()).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = "GET\n" + path + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n" + signedHeaders
                + "\n" + EMPTY_SHA256;
        String scope = date + "/" + region + "/s3/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
        byte[] signingKey = hmac(hmac(hmac(hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date), region), "s3"),
                "aws4_request");
        String signature = hex(hmac(signingKey, stringToSign));

        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders="
                        + signedHeaders + ", Signature=" + signature);
        headers.forEach((name, value) -> {
            if (!name.equals("host")) { // the client sends Host itself, from the URI, as signed
                request.header(name, value);
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new S3Exception(0, "Unreachable", "cannot connect to the S3 endpoint " + endpoint);
        } catch (HttpTimeoutException e) {
            throw new S3Exception(0, "Timeout", "the S3 endpoint " + endpoint + " did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw error(response, key);
        }
        return response;
    }

    private S3Exception error(HttpResponse<InputStream> response, String key) throws IOException {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        }
        String code = xmlText(body, "Code");
        String message = xmlText(body, "Message");
        int status = response.statusCode();
        String what = switch (code == null ? "" : code) {
        case "NoSuchBucket" -> "bucket '" + bucket + "' does not exist at " + endpoint;
        case "NoSuchKey" -> "object '" + key + "' does not exist in " + location();
        case "InvalidAccessKeyId" -> "S3 does not know the access key id '" + accessKey + "' (InvalidAccessKeyId)";
        case "SignatureDoesNotMatch" -> "S3 refused the secret key for access key id '" + accessKey + "' (SignatureDoesNotMatch)";
        case "AccessDenied" -> "S3 denied access to " + location() + " (AccessDenied)";
        default -> "S3 answered " + status + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
        };
        return new S3Exception(status, code, what);
    }

    static Page parseListing(InputStream body) throws IOException {
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
        return new Page(objects, truncated ? nextToken : null);
    }

    private static String xmlText(byte[] body, String element) {
        try {
            XMLStreamReader xml = xmlFactory().createXMLStreamReader(new java.io.ByteArrayInputStream(body));
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

    private static String hostHeader(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    static String canonicalQuery(Map<String, String> query) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(query).forEach((name, value) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(encode(name, false)).append('=').append(encode(value, false));
        });
        return out.toString();
    }

    /** RFC 3986 percent-encoding as SigV4 wants it: unreserved characters stay, '/' too inside object keys. */
    static String encode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
                    || c == '~' || c == '/' && keepSlash) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
