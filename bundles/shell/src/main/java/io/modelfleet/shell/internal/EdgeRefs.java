package io.modelfleet.shell.internal;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.FleetService;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Resolves what the operator typed as {@code <edge>}: an id or an exact name. */
final class EdgeRefs {
    private EdgeRefs() {
    }

    static Edge resolve(FleetService fleet, String ref) {
        OptionalLong id = Parsing.edgeId(ref);
        if (id.isPresent()) {
            try {
                return fleet.getEdge(id.getAsLong());
            } catch (NotFoundException e) {
                // names may be all digits; only give up when no edge has that name either
                return byName(fleet, ref).orElseThrow(() -> e);
            }
        }
        return byName(fleet, ref).orElseThrow(() -> new NotFoundException("no edge with id or name '" + ref + "'"));
    }

    private static Optional<Edge> byName(FleetService fleet, String name) {
        // search also matches location and description, so keep only exact name matches
        List<Edge> matches = fleet
                .listEdges(new EdgeQuery(null, null, null, null, name, new PageRequest(PageRequest.MAX_LIMIT, 0)))
                .items().stream().filter(edge -> name.equals(edge.name())).toList();
        if (matches.size() > 1) {
            throw new InvalidInputException("several edges are named '" + name + "'; use the id instead");
        }
        return matches.stream().findFirst();
    }
}
