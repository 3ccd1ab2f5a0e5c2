/**
 * Images as models take them: decoding with explicit limits (bytes, pixels, time) and the pre-processing an image
 * model's contract describes (size, channels, layout, normalisation). One implementation for the trainer and the edge
 * agent, so a frame becomes the same tensor on both.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.image;
