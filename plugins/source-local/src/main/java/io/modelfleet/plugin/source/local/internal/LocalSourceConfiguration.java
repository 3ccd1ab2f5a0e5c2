package io.modelfleet.plugin.source.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One configuration, one local upload source (factory PID {@value #PID}). */
@ObjectClassDefinition(name = "ModelFleet local upload data source")
public @interface LocalSourceConfiguration {
    String PID = "io.modelfleet.plugin.source.local";

    @AttributeDefinition(description = "Instance id that imports name")
    String id() default "local";

    @AttributeDefinition(description = "Largest CSV file accepted (bytes)")
    long maxFileBytes() default 256L * 1024 * 1024;

    @AttributeDefinition(description = "Most rows one CSV may hold")
    long maxRows() default 5_000_000;

    @AttributeDefinition(description = "Longest line (characters); a longer one is refused with its line number")
    int maxLineChars() default 1_000_000;

    @AttributeDefinition(description = "Most entries (files and folders) one zip archive may hold")
    int maxZipEntries() default 100_000;

    @AttributeDefinition(description = "Most bytes one zip archive may expand to, all entries together")
    long maxUncompressedBytes() default 4L * 1024 * 1024 * 1024;

    @AttributeDefinition(description = "Highest expansion ratio of an entry over 1 MiB; more is treated as a zip bomb")
    int maxCompressionRatio() default 200;
}
