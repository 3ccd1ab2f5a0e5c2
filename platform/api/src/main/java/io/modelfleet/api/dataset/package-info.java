/**
 * Training datasets: schema, items with label history, imports from data sources, immutable published versions.
 * <p>
 * 2.0.0: imports take typed options checked against the source's schema and an upload as
 * {@link io.modelfleet.api.spi.source.UploadedFile} ({@code startImport} with five arguments); the magic option
 * {@code OWNED_FILE_OPTION} is gone.
 * <p>
 * 2.1.0: {@link io.modelfleet.api.dataset.DatasetService#delete} and
 * {@link io.modelfleet.api.dataset.DatasetService#changeable}.
 */
@org.osgi.annotation.versioning.Version("2.1.0")
package io.modelfleet.api.dataset;
