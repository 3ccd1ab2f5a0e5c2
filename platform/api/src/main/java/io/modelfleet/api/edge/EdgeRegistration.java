package io.modelfleet.api.edge;

import java.util.Map;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.Validation;

/**
 * An edge no agent enrolled: a cluster, namespace or site that a push target (Kubernetes, GitOps) reaches. It is
 * APPROVED at once and has no credential until one is issued for it.
 */
public record EdgeRegistration(String name, String description, String location, Map<String, String> tags,
        String target) {
    public EdgeRegistration {
        Validation.name("name", name, EdgeUpdate.MAX_NAME);
        if (target == null) {
            throw new InvalidInputException("target is required: the deployment target that reaches this edge");
        }
        // the same rules as an edit
        EdgeUpdate checked = new EdgeUpdate(name, description, location, tags == null ? Map.of() : tags, target);
        tags = checked.tags();
    }
}
