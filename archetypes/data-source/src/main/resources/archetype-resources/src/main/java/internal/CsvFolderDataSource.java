package ${package}.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.Validation;
import io.modelfleet.api.plugin.PluginDescriptor;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportContext;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.api.support.csv.CsvItems;

/**
 * CSV files from a folder on the server. An import reads the files of the configured folder whose names match option
 * {@code glob} (default {@code *.csv}), in name order; option {@code labelColumn} (default {@code label}) names the
 * label column and the optional {@code keyColumn} the column that names rows (without it a row's key is the hash of
 * its content, so importing a file twice adds nothing). The options are declared in {@code OPTIONS_SCHEMA}: the
 * platform checks them, fills in the defaults and renders the console's import form from it. The header row of each
 * file is its schema, read by the API's {@link CsvItems}: every other column must be one of the dataset's columns.
 * Files never come from outside the folder: the glob matches names only, and a link pointing elsewhere is refused.
 */
@Component(service = DataSource.class, configurationPid = CsvFolderConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CsvFolderConfiguration.class, factory = true)
public final class CsvFolderDataSource implements DataSource {
    static final String OPTIONS_SCHEMA = """
            {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "glob": {
                  "type": "string", "minLength": 1, "maxLength": 200, "default": "*.csv", "title": "Files",
                  "description": "Which files of the folder to read: a glob over file names, such as *.csv"
                },
                "labelColumn": {
                  "type": "string", "minLength": 1, "maxLength": 128, "default": "label", "title": "Label column",
                  "description": "The column holding the label; an empty cell is no label"
                },
                "keyColumn": {
                  "type": "string", "minLength": 1, "maxLength": 128, "title": "Key column",
                  "description": "The column naming rows; without it a row's key is the hash of its content"
                }
              }
            }
            """;

    private final CsvFolderConfiguration config;
    private final PluginDescriptor descriptor;
    private final Path folder;

    @Activate
    public CsvFolderDataSource(CsvFolderConfiguration config) {
        this.config = config;
        this.folder = Path.of(config.folder()).toAbsolutePath().normalize();
        Validation.range("maxFiles", config.maxFiles(), 1, 100_000);
        Validation.range("maxLineChars", config.maxLineChars(), 80, 100_000_000);
        this.descriptor = new PluginDescriptor(config.id(), "CSV folder (" + config.id() + ")", "1.0.0",
                "CSV files from " + folder + " on the server");
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
    public ImportSummary importItems(ImportRequest request, ImportContext context) throws Exception {
        List<Path> files = files(request.string("glob", "*.csv"));
        String labelColumn = request.string("labelColumn", "label");
        String keyColumn = request.string("keyColumn", null);
        long total = 0;
        for (Path file : files) {
            long size = Files.size(file);
            if (size > config.maxFileBytes()) {
                throw new PayloadTooLargeException(file.getFileName() + " is " + size + " bytes; the limit is "
                        + config.maxFileBytes());
            }
            total += size;
        }
        long rows = 0;
        for (Path file : files) {
            if (context.cancelled()) {
                break;
            }
            // the row limit counts all files together
            CsvItems csv = new CsvItems(labelColumn, keyColumn, config.maxRows() - rows, config.maxLineChars());
            try {
                rows += csv.read(Files.newInputStream(file), Files.size(file), context);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(file.getFileName() + ": " + e.detail());
            }
        }
        context.progress(total, total);
        return new ImportSummary(rows, 0, List.of());
    }

    /** The folder's regular files whose names match {@code glob}, in name order. */
    private List<Path> files(String glob) throws IOException {
        if (glob.isBlank() || glob.contains("/") || glob.contains("\\") || glob.contains("..")) {
            throw new InvalidInputException("glob '" + glob + "' must match file names in the folder: no '/', '\\' "
                    + "or '..'");
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("glob '" + glob + "' is no valid pattern: " + e.getMessage());
        }
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException("the folder " + folder + " does not exist on the server");
        }
        Path realFolder = folder.toRealPath();
        List<Path> files;
        try (Stream<Path> entries = Files.list(realFolder)) {
            files = entries.filter(path -> matcher.matches(path.getFileName())).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("no file in " + folder + " matches '" + glob + "'");
        }
        if (files.size() > config.maxFiles()) {
            throw new InvalidInputException(files.size() + " files match '" + glob + "'; one import reads at most "
                    + config.maxFiles());
        }
        for (Path file : files) {
            Path real = file.toRealPath();
            if (!real.getParent().equals(realFolder) || !Files.isRegularFile(real)) {
                throw new InvalidInputException(file.getFileName() + " is no file in " + folder);
            }
        }
        return files;
    }
}
