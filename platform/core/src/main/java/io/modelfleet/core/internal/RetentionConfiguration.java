package io.modelfleet.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ModelFleet inference rollups and retention")
public @interface RetentionConfiguration {
    String PID = "io.modelfleet.retention";

    @AttributeDefinition(description = "How often new results are counted into the per-minute and per-hour rollups (seconds)")
    int rollupIntervalSeconds() default 5;

    @AttributeDefinition(description = "Results are counted once the newest of them is this old, so a transaction that "
            + "commits late is not skipped (seconds)")
    int rollupSettleSeconds() default 5;

    @AttributeDefinition(description = "Raw rows counted per transaction")
    int rollupBatchRows() default 50_000;

    @AttributeDefinition(description = "Raw results, events and samples are kept this many days (0 = forever)")
    int rawRetentionDays() default 30;

    @AttributeDefinition(description = "Per-minute rollups are kept this many days (0 = forever)")
    int minuteRollupRetentionDays() default 30;

    @AttributeDefinition(description = "Per-hour rollups are kept this many days (0 = forever)")
    int hourRollupRetentionDays() default 400;

    @AttributeDefinition(description = "Rows deleted per statement: short statements, so ingest never waits long")
    int retentionBatchRows() default 5_000;

    @AttributeDefinition(description = "How often expired rows are removed (minutes)")
    int retentionIntervalMinutes() default 10;
}
