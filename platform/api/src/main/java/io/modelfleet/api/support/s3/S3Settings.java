package io.modelfleet.api.support.s3;

import java.net.URI;
import java.time.Duration;

/**
 * Where a bucket lives and how to sign for it. {@link #toString} names the endpoint, bucket and access key id, never
 * the secret key or the session token.
 *
 * @param endpoint URL of an S3-compatible server; {@code null} or blank for AWS ({@code https://s3.<region>.amazonaws.com})
 * @param region the region requests are signed for
 * @param bucket the bucket
 * @param pathStyle {@code endpoint/bucket/key} (true) or {@code bucket.endpoint/key} (false, virtual-hosted)
 * @param accessKey the access key id (appears in messages)
 * @param secretKey the secret access key (never appears anywhere)
 * @param sessionToken a session token for temporary credentials, or {@code null}/blank
 * @param connectTimeout how long connecting may take
 * @param requestTimeout how long a request may wait for the response's headers; a PUT adds one second per MiB of
 *        its body (see {@link S3Client#put})
 */
public record S3Settings(String endpoint, String region, String bucket, boolean pathStyle, String accessKey,
        String secretKey, String sessionToken, Duration connectTimeout, Duration requestTimeout) {

    public S3Settings {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("the S3 region must not be empty");
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("the S3 bucket must not be empty");
        }
        if (accessKey == null || accessKey.isBlank()) {
            throw new IllegalArgumentException("the S3 access key id must not be empty");
        }
        if (secretKey == null) {
            throw new IllegalArgumentException("the S3 secret key must be set");
        }
        sessionToken = sessionToken == null || sessionToken.isBlank() ? null : sessionToken;
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("the S3 connect timeout must be positive");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the S3 request timeout must be positive");
        }
    }

    /** One timeout for connecting and for each request, as the S3 data source configures it. */
    public S3Settings(String endpoint, String region, String bucket, boolean pathStyle, String accessKey,
            String secretKey, String sessionToken, Duration timeout) {
        this(endpoint, region, bucket, pathStyle, accessKey, secretKey, sessionToken, timeout, timeout);
    }

    /** The endpoint as a URL, AWS's for the region when none is configured. */
    public URI endpointUri() {
        URI uri = URI.create(endpoint == null || endpoint.isBlank() ? "https://s3." + region + ".amazonaws.com"
                : endpoint.strip().replaceAll("/+$", ""));
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the S3 endpoint must be an http(s) URL without user, query or fragment, not '"
                    + endpoint + "'");
        }
        return uri;
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", pathStyle="
                + pathStyle + ", accessKey=" + accessKey + ", secretKey=(hidden)"
                + (sessionToken == null ? "" : ", sessionToken=(hidden)") + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + "]";
    }
}
