package io.modelfleet.api.spi.source;

import java.util.List;

/** What an import did: items imported, items skipped and why. */
public record ImportSummary(long imported, long skipped, List<String> errors) {
    public ImportSummary {
        errors = List.copyOf(errors);
    }
}
