package io.modelfleet.api.support.s3;

import java.util.List;

/** One page of ListObjectsV2: its objects, and the token for the next page ({@code null} on the last). */
public record S3Page(List<S3Object> objects, String nextToken) {
    public S3Page {
        objects = List.copyOf(objects);
    }
}
