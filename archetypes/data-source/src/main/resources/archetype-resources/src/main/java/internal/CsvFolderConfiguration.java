package ${package}.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One configuration, one data source instance (factory PID {@value PID}): the file
 * {@code etc/<PID>-<name>.cfg}, or an instance created in the console or through {@code POST /api/v1/plugin-instances}.
 * The README's configuration table lists these attributes: keep the two in step.
 */
@ObjectClassDefinition(name = "CSV folder data source (${pluginId})",
        description = "Imports CSV files from a folder on the server")
public @interface CsvFolderConfiguration {
    String PID = "${package}";

    @AttributeDefinition(description = "Instance id that imports name")
    String id() default "${pluginId}";

    @AttributeDefinition(description = "Folder on the server holding the CSV files (relative to the server's folder)")
    String folder() default "data/${pluginId}";

    @AttributeDefinition(description = "Most files one import reads")
    int maxFiles() default 1000;

    @AttributeDefinition(description = "Largest CSV file accepted (bytes)")
    long maxFileBytes() default 256L * 1024 * 1024;

    @AttributeDefinition(description = "Most rows one import reads, all files together")
    long maxRows() default 5_000_000;

    @AttributeDefinition(description = "Longest line (characters); a longer one is refused with its line number")
    int maxLineChars() default 1_000_000;
}
