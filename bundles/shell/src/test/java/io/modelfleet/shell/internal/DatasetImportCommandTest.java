package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.DatasetState;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.spi.solution.DatasetKind;
import io.modelfleet.api.spi.source.UploadedFile;

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

    @TempDir
    Path dir;

    /** startImport's arguments; it refuses when {@code refuse} is set, else answers a finished job. */
    private final List<Object[]> calls = new ArrayList<>();
    private boolean refuse;

    private DatasetImportCommand command(String file, String... options) {
        DatasetImportCommand command = new DatasetImportCommand();
        command.session = ShellConsole.session();
        command.datasets = (DatasetService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { DatasetService.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> new Dataset(2, "parts", null, DatasetKind.TABULAR, List.of("x"), List.of(),
                            DatasetState.AVAILABLE, 0, 0, Instant.EPOCH, "a", Instant.EPOCH);
                    case "startImport" -> {
                        calls.add(args);
                        if (refuse) {
                            throw new InvalidInputException("invalid import options: colour is not an option");
                        }
                        yield new ImportJob(1, 2, "local", ImportJob.ImportState.SUCCEEDED, 1, 1, 1, 0, null,
                                Instant.EPOCH, "a", Instant.EPOCH);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        command.dataset = "2";
        command.source = "local";
        command.file = file;
        command.options = List.of(options);
        command.noWait = true;
        return command;
    }

    @Test
    void aFileIsHandedOverAsACopyTheImportMayDeleteWithTheOptionsAsText() throws Exception {
        Path original = Files.writeString(dir.resolve("parts.csv"), "x,kind\n1,ok\n");
        command(original.toString(), "labelColumn=kind").execute();
        Object[] args = calls.get(0);
        assertEquals(Map.of("labelColumn", "kind"), args[2]);
        UploadedFile upload = (UploadedFile) args[3];
        assertEquals("parts.csv", upload.name());
        assertNotEquals(original, upload.path(), "the platform deletes what it is given: a copy");
        assertEquals("x,kind\n1,ok\n", Files.readString(upload.path()));
        assertEquals(12, upload.size());
        Files.delete(upload.path());
        assertTrue(Files.exists(original), "the operator's file stays");

        refuse = true;
        command(original.toString(), "colour=red").execute();
        assertFalse(Files.exists(((UploadedFile) calls.get(1)[3]).path()), "a refused import leaves no copy behind");
        assertTrue(Files.exists(original));
    }

    @Test
    void withoutAFileOnlyOptionsGo() throws Exception {
        command(null, "prefix=2026/").execute();
        assertEquals(4, calls.get(0).length, "the four-argument startImport, no upload");
        assertEquals(Map.of("prefix", "2026/"), calls.get(0)[2]);
    }
}
