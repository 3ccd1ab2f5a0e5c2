package io.modelfleet.api.dataset;

import io.modelfleet.api.PageRequest;

/**
 * Items of a dataset, lowest score (confidence) first; unscored items come last. Filters are optional: the current
 * label, a score range, the data source instance that imported the item, the edge that saw it.
 */
public record ItemQuery(String label, Double minScore, Double maxScore, String source, Long edgeId, PageRequest page) {
    public ItemQuery {
        page = page == null ? new PageRequest(50, 0) : page;
    }

    public ItemQuery(String label, Double minScore, Double maxScore, PageRequest page) {
        this(label, minScore, maxScore, null, null, page);
    }
}
