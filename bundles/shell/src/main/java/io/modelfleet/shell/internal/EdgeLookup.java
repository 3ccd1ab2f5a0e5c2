package io.modelfleet.shell.internal;

import java.util.Optional;
import java.util.regex.Pattern;

import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.FleetService;

/** Operators type names more easily than ids, so edge arguments accept either. */
final class EdgeLookup {
    private static final Pattern ID = Pattern.compile("\\d{1,18}");

    private EdgeLookup() {
    }

    /** A number is tried as an id first and then as a name, because edge names may consist of digits too. */
    static Edge find(FleetService fleet, String ref) {
        if (ID.matcher(ref).matches()) {
            try {
                return fleet.getEdge(Long.parseLong(ref));
            } catch (NotFoundException e) {
                // fall through to the name lookup; its failure message covers both meanings
            }
        }
        return byName(fleet, ref)
                .orElseThrow(() -> new NotFoundException("no edge has the id or name '" + ref + "'"));
    }

    private static Optional<Edge> byName(FleetService fleet, String name) {
        if (name.isBlank() || name.length() > EdgeUpdate.MAX_NAME) {
            return Optional.empty();
        }
        int limit = PageRequest.MAX_LIMIT;
        // search also matches substrings, locations and descriptions: page on until the exact name shows up
        for (long offset = 0;; offset += limit) {
            Page<Edge> page = fleet.listEdges(new EdgeQuery(null, null, null, null, name, new PageRequest(limit, offset)));
            Optional<Edge> match = page.items().stream().filter(edge -> name.equals(edge.name())).findFirst();
            if (match.isPresent() || page.items().size() < limit || offset + limit >= page.total()) {
                return match;
            }
        }
    }
}
