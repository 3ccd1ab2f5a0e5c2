package io.modelfleet.api.edge;

import io.modelfleet.api.PageRequest;

/** Filters for listing edges; null means "any". {@code search} matches name, location and description. */
public record EdgeQuery(EdgeState state, ConnectionState connection, String tagKey, String tagValue, String search,
        PageRequest page) {

    public EdgeQuery {
        io.modelfleet.api.Validation.optional("tag", tagKey, EdgeUpdate.MAX_TAG_KEY);
        io.modelfleet.api.Validation.optional("tag value", tagValue, EdgeUpdate.MAX_TAG_VALUE);
        io.modelfleet.api.Validation.optional("search", search, EdgeUpdate.MAX_NAME);
        page = page == null ? PageRequest.of(null, null) : page;
    }
}
