package io.modelfleet.api.support.s3;

/** A key of a listing with its size in bytes. */
public record S3Object(String key, long size) {
}
