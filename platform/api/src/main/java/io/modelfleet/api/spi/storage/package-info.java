/** Where artifacts and blobs live: the filesystem by default, S3 as a plugin. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.spi.storage;
