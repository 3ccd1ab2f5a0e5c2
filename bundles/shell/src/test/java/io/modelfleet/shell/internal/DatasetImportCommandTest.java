package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.dataset.ImportJob;

class DatasetImportCommandTest {
    private static ImportJob job(long done, long total) {
        return new ImportJob(1, 2, "local", ImportJob.ImportState.RUNNING, done, total, 0, 0, null, Instant.EPOCH, "a", null);
    }

    @Test
    void progressIsABarWithPercentAndCountsOrACountWhileTheTotalIsUnknown() {
        assertEquals("[###############               ] 50% 500/1000", DatasetImportCommand.progress(job(500, 1000)));
        assertEquals("[##############################] 100% 7/7", DatasetImportCommand.progress(job(7, 7)));
        assertEquals("[                              ] 12 done", DatasetImportCommand.progress(job(12, -1)));
    }
}
