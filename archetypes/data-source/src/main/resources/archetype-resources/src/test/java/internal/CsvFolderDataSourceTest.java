package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.spi.source.DataItem;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.testkit.CollectingImportContext;
import io.modelfleet.testkit.ConfigAnnotations;
import io.modelfleet.testkit.DataSourceContract;

/** The SPI contract from the plugin test kit, and what this source adds to it. */
class CsvFolderDataSourceTest extends DataSourceContract {
    @TempDir
    Path folder;

    private CsvFolderDataSource source(Map<String, ?> values) {
        return new CsvFolderDataSource(ConfigAnnotations.of(CsvFolderConfiguration.class,
                Map.of("id", "csv-test", "folder", folder.toString()), values));
    }

    /** No options: every *.csv file, label column "label", as the platform passes them after filling in defaults. */
    private static ImportRequest everything() {
        return new ImportRequest(Map.of());
    }

    @Override
    protected DataSource contractSource() throws Exception {
        Files.writeString(folder.resolve("minimal.csv"), "x,label\n1.5,a\n2.5,b\n");
        return source(Map.of());
    }

    @Override
    protected ImportRequest minimalValidRequest() {
        return new ImportRequest(Map.of("glob", "minimal.csv"));
    }

    @Override
    protected ImportRequest invalidRequest() {
        return new ImportRequest(Map.of("glob", "missing-*.csv"));
    }

    @Override
    protected CollectingImportContext contractContext() {
        return new CollectingImportContext(List.of("x"));
    }

    @Test
    void importsTheMatchingFilesInNameOrderWithTheirLabels() throws Exception {
        Files.writeString(folder.resolve("b.csv"), "kind,width,height\ncat,3,4\n");
        Files.writeString(folder.resolve("a.csv"), "width,height,kind\n1,2,dog\n5,6,\n");
        Files.writeString(folder.resolve("notes.txt"), "not a table");
        CollectingImportContext context = new CollectingImportContext(List.of("width", "height")).requireColumns();

        var summary = source(Map.of()).importItems(new ImportRequest(Map.of("labelColumn", "kind")), context);

        assertEquals(3, summary.imported());
        List<DataItem> items = context.items;
        assertEquals(Map.of("width", "1", "height", "2"), items.get(0).fields());
        assertEquals("dog", items.get(0).label());
        assertEquals(null, items.get(1).label(), "an empty label is none");
        assertEquals("cat", items.get(2).label());
        assertEquals(context.total, context.done);
    }

    @Test
    void aKeyColumnNamesTheRows() throws Exception {
        Files.writeString(folder.resolve("rows.csv"), "id,x,label\nr1,1,a\nr2,2,b\n");
        CollectingImportContext context = new CollectingImportContext(List.of("x"));
        source(Map.of()).importItems(new ImportRequest(Map.of("keyColumn", "id")), context);
        assertEquals(List.of("r1", "r2"), context.items.stream().map(DataItem::key).toList());
    }

    @Test
    void refusesGlobsThatLeaveTheFolder() {
        for (String glob : List.of("../*.csv", "/etc/*", "sub/*.csv", "..")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> source(Map.of())
                    .importItems(new ImportRequest(Map.of("glob", glob)), new CollectingImportContext(List.of())));
            assertTrue(e.detail().contains("glob"), e.detail());
        }
    }

    @Test
    void aMalformedFileFailsNamingFileAndLine() throws Exception {
        Files.writeString(folder.resolve("bad.csv"), "x,label\n1,a\n2,b,extra\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> source(Map.of()).importItems(everything(), new CollectingImportContext(List.of("x"))));
        assertTrue(e.detail().startsWith("bad.csv: line 3"), e.detail());
    }

    @Test
    void theRowLimitCountsAllFiles() throws Exception {
        Files.writeString(folder.resolve("1.csv"), "x,label\n1,a\n2,b\n");
        Files.writeString(folder.resolve("2.csv"), "x,label\n3,a\n4,b\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> source(Map.of("maxRows", 3)).importItems(everything(), new CollectingImportContext(List.of("x"))));
        assertTrue(e.detail().startsWith("2.csv:"), e.detail());
    }

    @Test
    void aMissingFolderIsNamed() {
        CsvFolderDataSource source = new CsvFolderDataSource(ConfigAnnotations.of(CsvFolderConfiguration.class,
                Map.of("folder", folder.resolve("absent").toString())));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> source.importItems(everything(), new CollectingImportContext(List.of())));
        assertTrue(e.detail().contains("absent"), e.detail());
    }
}
