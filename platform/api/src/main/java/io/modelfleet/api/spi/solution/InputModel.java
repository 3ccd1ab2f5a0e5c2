package io.modelfleet.api.spi.solution;

import java.nio.file.Path;
import java.util.Map;

/**
 * A registered model a parameter of the run names ({@code "format": "modelfleet-model"} in the solution's schema): the
 * version as operators name it ({@code name:version}), its metadata, and its artifact as a local file, checked against
 * the registry's SHA-256, that the solution may read while it trains.
 */
public record InputModel(String reference, Map<String, String> metadata, Path file) {

    public InputModel {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
