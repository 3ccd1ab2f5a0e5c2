package io.modelfleet.plugin.source.local.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportContext;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.api.spi.source.UploadedFile;
import io.modelfleet.api.support.csv.CsvItems;

/**
 * Files uploaded from an operator's PC. CSV: the header row is the schema, one column is the label (option
 * {@code labelColumn}, default {@code label}), an optional {@code keyColumn} names rows; without it a row's key is
 * the hash of its content, so importing the same file twice adds nothing. Zip archives hold one folder per label
 * ({@code cat/001.jpg}); see {@link ZipImport}. The platform hands the upload over as an {@link UploadedFile}; option
 * {@code format} ({@code csv} or {@code zip}) overrides detection by content.
 */
@Component(service = DataSource.class, configurationPid = LocalSourceConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LocalSourceConfiguration.class, factory = true)
public final class LocalDataSource implements DataSource {
    /** The import options (a JSON Schema): what the console's form shows and the platform checks. */
    static final String OPTIONS_SCHEMA = """
            {"type": "object", "additionalProperties": false, "properties": {
              "format": {"type": "string", "enum": ["csv", "zip"], "title": "Format",
                "description": "csv: a table; zip: class folders of files. Detected from the content when not set"},
              "labelColumn": {"type": "string", "minLength": 1, "maxLength": 128, "default": "label",
                "title": "Label column", "description": "CSV column holding the label"},
              "keyColumn": {"type": "string", "minLength": 1, "maxLength": 128, "title": "Key column",
                "description": "CSV column naming rows; without it a row's key is the hash of its content"}
            }}""";

    private final PluginDescriptor descriptor;
    private final LocalSourceConfiguration config;

    @Activate
    public LocalDataSource(LocalSourceConfiguration config) {
        this.config = config;
        this.descriptor = new PluginDescriptor(config.id(), "Upload from PC (" + config.id() + ")", "1.0.0",
                "CSV files and zip archives of class folders uploaded through the web console or the API");
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String importOptionsSchema() {
        return OPTIONS_SCHEMA;
    }

    @Override
    public boolean acceptsUpload() {
        return true;
    }

    @Override
    public ImportSummary importItems(ImportRequest request, ImportContext context) throws Exception {
        UploadedFile upload = request.upload()
                .orElseThrow(() -> new InvalidInputException("the local source needs an uploaded file"));
        Path path = upload.path();
        long size = Files.size(path);
        if (size > config.maxFileBytes()) {
            throw new PayloadTooLargeException("the file is " + size + " bytes; the limit is " + config.maxFileBytes());
        }
        String format = request.string("format", ZipImport.isZip(path) ? "zip" : "csv");
        return switch (format) {
        case "csv" -> importCsv(path, size, request.string("labelColumn", "label"), request.string("keyColumn", null),
                context);
        case "zip" -> new ZipImport(config).importArchive(path, context);
        default -> throw new InvalidInputException("the local source reads csv files and zip archives, not '" + format + "'");
        };
    }

    private ImportSummary importCsv(Path path, long size, String labelColumn, String keyColumn, ImportContext context)
            throws IOException {
        long rows = new CsvItems(labelColumn, keyColumn, config.maxRows(), config.maxLineChars())
                .read(Files.newInputStream(path), size, context);
        return new ImportSummary(rows, 0, List.of());
    }

}
