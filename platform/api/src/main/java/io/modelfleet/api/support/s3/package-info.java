/**
 * A small S3 client shared by plugins that talk to AWS S3 or an S3-compatible server (MinIO, Ceph RGW, s3proxy):
 * {@link io.modelfleet.api.support.s3.S3Client} signs its requests with AWS Signature Version 4 over the JDK's HTTP
 * client, so a plugin using it needs no SDK to wire into OSGi. It covers what the platform's S3 plugins need:
 * ListObjectsV2, GetObject (whole or from an offset), HeadObject, PutObject (one request streamed from a file, at most
 * {@link io.modelfleet.api.support.s3.S3Client#MAX_PUT_BYTES} = 5 GiB, S3's limit for a single PUT), DeleteObject, and
 * presigned GET and PUT URLs (SigV4 query signing, valid at most
 * {@link io.modelfleet.api.support.s3.S3Client#MAX_PRESIGN_VALIDITY} = 7 days). Settings are an
 * {@link io.modelfleet.api.support.s3.S3Settings}; failures are {@link io.modelfleet.api.support.s3.S3Exception}s
 * whose messages name the bucket, endpoint and access key id, never the secret key or a signature.
 * <p>
 * Plain classes to call, not services; formerly private to the S3 data source.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.support.s3;
