package io.modelfleet.api.edge;

import io.modelfleet.api.Validation;
import static io.modelfleet.api.Validation.optional;

import java.util.Map;

import io.modelfleet.api.InvalidInputException;

/**
 * Operator edits of an edge; a null field is left unchanged, an empty tag map clears the tags. {@code target} moves
 * the edge to another deployment target (its next rollout goes through that one).
 */
public record EdgeUpdate(String name, String description, String location, Map<String, String> tags, String target) {
    public static final int MAX_NAME = 128;
    public static final int MAX_DESCRIPTION = 1024;
    public static final int MAX_LOCATION = 256;
    public static final int MAX_TAGS = 32;
    public static final int MAX_TAG_KEY = 64;
    public static final int MAX_TAG_VALUE = 256;

    public EdgeUpdate {
        if (name != null) {
            Validation.name("name", name, MAX_NAME);
        }
        optional("description", description, MAX_DESCRIPTION);
        optional("location", location, MAX_LOCATION);
        if (target != null) {
            Validation.name("target", target, 64);
        }
        if (tags != null) {
            if (tags.size() > MAX_TAGS) {
                throw new InvalidInputException("an edge may have at most " + MAX_TAGS + " tags, got " + tags.size());
            }
            tags.forEach((key, value) -> {
                Validation.name("tag key", key, MAX_TAG_KEY);
                if (value == null) {
                    throw new InvalidInputException("tag '" + key + "' has no value");
                }
                optional("tag '" + key + "'", value, MAX_TAG_VALUE);
            });
            tags = Map.copyOf(tags);
        }
    }

    /** Without a target change (the 1.0 update). */
    public EdgeUpdate(String name, String description, String location, Map<String, String> tags) {
        this(name, description, location, tags, null);
    }
}
