package io.modelfleet.api.support.s3;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3, as the AWS documentation spells it out: canonical request, string to sign, signing
 * key, signature. Package-private; {@link S3Client} is its only user.
 */
final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String SERVICE = "s3";

    private SigV4() {
    }

    /** The canonical request; {@code headers} are lower-case names to values, sorted. */
    static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
            SortedMap<String, String> headers, String payloadHash) {
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((name, value) -> canonicalHeaders.append(name).append(':')
                .append(value.strip().replaceAll(" +", " ")).append('\n'));
        return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + signedHeaders(headers) + "\n" + payloadHash;
    }

    static String signedHeaders(SortedMap<String, String> headers) {
        return String.join(";", headers.keySet());
    }

    static String scope(String date, String region) {
        return date + "/" + region + "/" + SERVICE + "/aws4_request";
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] signingKey(String secretKey, String date, String region) {
        return hmac(hmac(hmac(hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date), region), SERVICE),
                "aws4_request");
    }

    static String signature(String secretKey, String amzDate, String region, String canonicalRequest) {
        String date = amzDate.substring(0, 8);
        return hex(hmac(signingKey(secretKey, date, region), stringToSign(amzDate, scope(date, region), canonicalRequest)));
    }

    static String amzDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }

    /** Query parameters sorted by encoded name, each name and value percent-encoded ('/' too). */
    static String canonicalQuery(Map<String, String> query) {
        TreeMap<String, String> encoded = new TreeMap<>();
        query.forEach((name, value) -> encoded.put(encode(name, false), encode(value, false)));
        StringBuilder out = new StringBuilder();
        encoded.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(name).append('=').append(value);
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

    static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
