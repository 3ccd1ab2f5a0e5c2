package io.modelfleet.api.support.s3;

import java.io.IOException;

/**
 * An S3 request that failed: the HTTP status (0 when no response came) and S3's error code (NoSuchBucket,
 * InvalidAccessKeyId, SignatureDoesNotMatch...; for HEAD requests, which have no body, {@code null}; for transport
 * failures {@code Unreachable} or {@code Timeout}). The message names bucket, endpoint and access key id, never a
 * secret.
 */
public final class S3Exception extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public S3Exception(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, 0 when the server did not answer. */
    public int status() {
        return status;
    }

    /** S3's error code, or {@code null} when the response carried none. */
    public String code() {
        return code;
    }
}
