package io.modelfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.ImportSummary;

/**
 * The contract every {@link DataSource} keeps; a source's test class extends it and says how to build the source and
 * what a minimal valid and an invalid input are. What it checks:
 * <ul>
 * <li>the descriptor names the configured instance (non-blank id and display name) and the source type is non-blank
 * ({@code DataSource#descriptor()}, {@code #sourceType()});</li>
 * <li>importing a minimal valid input streams items into the context and the summary counts what it sent
 * ({@code importItems} "streams the items selected by options into the context");</li>
 * <li>an invalid input fails with a {@link ModelFleetException} carrying a non-blank detail: the SPI names no
 * exception, but the platform's import shows the operator only such an exception's detail (anything else is shown as
 * a Java class name), so a source must not let a bare {@code RuntimeException} out.</li>
 * </ul>
 */
public abstract class DataSourceContract {

    /** A source configured for the contract's inputs (called once per test). */
    protected abstract DataSource contractSource() throws Exception;

    /** Options selecting a small, valid input: at least one item. */
    protected abstract Map<String, String> minimalValidOptions() throws Exception;

    /** Options the source must refuse (a missing file, a malformed one...). */
    protected abstract Map<String, String> invalidOptions() throws Exception;

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
        assertNotNull(source.sourceType());
        assertFalse(source.sourceType().isBlank(), "sourceType");
    }

    @Test
    void contractAMinimalValidInputYieldsItems() throws Exception {
        CollectingImportContext context = contractContext();
        ImportSummary summary = contractSource().importItems(minimalValidOptions(), context);
        assertNotNull(summary);
        assertFalse(context.items.isEmpty(), "no item reached the context");
        assertEquals(context.items.size(), summary.imported(), "the summary counts the items sent");
        assertTrue(summary.skipped() >= 0, "skipped " + summary.skipped());
    }

    @Test
    void contractAnInvalidInputFailsWithTheReason() throws Exception {
        DataSource source = contractSource();
        Map<String, String> options = invalidOptions();
        try {
            source.importItems(options, contractContext());
            fail("imported " + options);
        } catch (ModelFleetException e) {
            assertNotNull(e.detail());
            assertFalse(e.detail().isBlank(), "the reason is blank");
        } catch (RuntimeException e) {
            throw new AssertionError("an invalid input must fail with a ModelFleetException, not " + e, e);
        }
    }
}
