/**
 * CSV helpers shared by data sources, training backends and exports: {@link io.modelfleet.api.support.csv.CsvReader}
 * (streaming RFC 4180), {@link io.modelfleet.api.support.csv.CsvWriter} (and its spreadsheet-safe form) and
 * {@link io.modelfleet.api.support.csv.CsvItems}, which reads a CSV table into an
 * {@link io.modelfleet.api.spi.source.ImportContext}. Plain classes to call, not services; formerly in
 * {@code io.modelfleet.api.spi.source}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.support.csv;
