/**
 * The data source SPI: plugins that fill datasets (files uploaded from a PC, an S3 bucket, samples edges sent).
 * <p>
 * To implement one: a DS component providing {@link io.modelfleet.api.spi.source.DataSource}, configured by a factory
 * configuration (configuration policy REQUIRE) whose {@code id} becomes {@code descriptor().id()}, the name imports
 * use; the platform tracks every instance dynamically, so installing or removing the plugin's feature offers or
 * withdraws it at once. Declare the import options as a JSON Schema
 * ({@link io.modelfleet.api.spi.source.DataSource#importOptionsSchema()}): the platform checks them (400 with one
 * message per field, {@code options.<name>}), fills in defaults and hands them over typed in an
 * {@link io.modelfleet.api.spi.source.ImportRequest}; never parse options yourself beyond reading them. A source that
 * reads an uploaded file answers {@code acceptsUpload()} true and gets it as
 * {@link io.modelfleet.api.spi.source.UploadedFile} (the platform deletes it afterwards). {@code importItems} runs on
 * one of the platform's import workers (two at most): stream items into the
 * {@link io.modelfleet.api.spi.source.ImportContext} one by one (never collect a whole source in memory), store files
 * with {@code storeContent} (at most {@link io.modelfleet.api.spi.source.ImportContext#MAX_CONTENT_BYTES} each),
 * report progress, and return soon after {@code cancelled()} turns true. Throw
 * {@link io.modelfleet.api.InvalidInputException} (or {@link io.modelfleet.api.PayloadTooLargeException} for your own
 * limits) with a reason the operator can act on; any exception fails the import and leaves the dataset as it was.
 * Keep limits (file size, rows, entries) in the instance's configuration. CSV parsing is in
 * {@link io.modelfleet.api.support.csv}; {@code io.modelfleet.testkit.DataSourceContract} tests an implementation.
 * <p>
 * 2.0.0: {@code importItems(Map<String, String>, ImportContext)} became
 * {@code importItems(ImportRequest, ImportContext)} (typed options checked against the new
 * {@code importOptionsSchema()}; the upload as {@code UploadedFile} instead of the {@code file} option, declared by
 * {@code acceptsUpload()}); {@code sourceType()}, which nothing read, was removed; {@code CsvItems},
 * {@code CsvReader} and {@code CsvWriter} moved to {@code io.modelfleet.api.support.csv}.
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package io.modelfleet.api.spi.source;
