package io.modelfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportRequest;
import io.modelfleet.api.spi.source.ImportSummary;
import io.modelfleet.api.spi.source.UploadedFile;

/**
 * The contract every {@link DataSource} keeps; a source's test class extends it and says how to build the source and
 * what a minimal valid and an invalid input are. What it checks:
 * <ul>
 * <li>the descriptor names the configured instance (non-blank id and display name) ({@code DataSource#descriptor()});</li>
 * <li>the import options schema is a JSON object schema ({@code importOptionsSchema()}), and a source that
 * {@code acceptsUpload()} is given an upload in the minimal valid request (the platform never calls it without
 * one), a source that does not is given none;</li>
 * <li>importing a minimal valid input streams items into the context and the summary counts what it sent
 * ({@code importItems} "streams the items the request selects into the context");</li>
 * <li>an invalid input fails with a {@link ModelFleetException} carrying a non-blank detail: the SPI names no
 * exception, but the platform's import shows the operator only such an exception's detail (anything else is shown as
 * a Java class name), so a source must not let a bare {@code RuntimeException} out.</li>
 * </ul>
 */
public abstract class DataSourceContract {

    /** A source configured for the contract's inputs (called once per test). */
    protected abstract DataSource contractSource() throws Exception;

    /**
     * A request selecting a small, valid input: at least one item. Its options are what the platform would pass after
     * checking them against the schema (typed values, defaults may be left out).
     */
    protected abstract ImportRequest minimalValidRequest() throws Exception;

    /** A request the source must refuse (a missing object, a malformed file...). */
    protected abstract ImportRequest invalidRequest() throws Exception;

    /** A request with an uploaded file, as the platform builds it for a source that accepts uploads. */
    protected static ImportRequest uploadRequest(Path file, Map<String, ?> options) throws IOException {
        Map<String, Object> typed = new java.util.LinkedHashMap<>(options);
        return new ImportRequest(typed, Optional.of(new UploadedFile(file.getFileName().toString(), file,
                Files.size(file), null)));
    }

    /** The context imports go into; a tabular one with no columns unless the source needs others. */
    protected CollectingImportContext contractContext() {
        return new CollectingImportContext(java.util.List.of());
    }

    @Test
    void contractTheDescriptorNamesTheInstance() throws Exception {
        DataSource source = contractSource();
        assertNotNull(source.descriptor());
        assertFalse(source.descriptor().id().isBlank(), "descriptor id");
        assertFalse(source.descriptor().displayName().isBlank(), "descriptor displayName");
    }

    @Test
    void contractTheOptionsSchemaIsAnObjectSchema() throws Exception {
        DataSource source = contractSource();
        String schema = source.importOptionsSchema();
        assertNotNull(schema, "importOptionsSchema");
        String compact = schema.replaceAll("\\s+", "");
        assertTrue(compact.startsWith("{") && compact.endsWith("}"), "the schema is a JSON object: " + schema);
        assertTrue(compact.contains("\"type\":\"object\""), "the schema describes an object: " + schema);
        assertTrue(compact.contains("\"properties\":{"), "the schema lists its properties: " + schema);
        assertEquals(source.acceptsUpload(), minimalValidRequest().upload().isPresent(),
                "a source accepting uploads gets one, any other none");
    }

    @Test
    void contractAMinimalValidInputYieldsItems() throws Exception {
        CollectingImportContext context = contractContext();
        ImportSummary summary = contractSource().importItems(minimalValidRequest(), context);
        assertNotNull(summary);
        assertFalse(context.items.isEmpty(), "no item reached the context");
        assertEquals(context.items.size(), summary.imported(), "the summary counts the items sent");
        assertTrue(summary.skipped() >= 0, "skipped " + summary.skipped());
    }

    @Test
    void contractAnInvalidInputFailsWithTheReason() throws Exception {
        DataSource source = contractSource();
        ImportRequest request = invalidRequest();
        try {
            source.importItems(request, contractContext());
            fail("imported " + request);
        } catch (ModelFleetException e) {
            assertNotNull(e.detail());
            assertFalse(e.detail().isBlank(), "the reason is blank");
        } catch (RuntimeException e) {
            throw new AssertionError("an invalid input must fail with a ModelFleetException, not " + e, e);
        }
    }
}
