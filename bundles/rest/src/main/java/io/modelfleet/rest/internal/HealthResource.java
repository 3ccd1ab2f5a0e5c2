package io.modelfleet.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.rest.PublicEndpoint;
import io.modelfleet.api.rest.RestApplication;

/**
 * Liveness and database health for load balancers and Kubernetes probes. It must answer even when the database never
 * came up, so the fleet service (which needs the database) is optional here.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FleetService fleet;

    @GET
    @PublicEndpoint
    public Response health() {
        Map<String, Object> body = new LinkedHashMap<>();
        FleetService current = fleet;
        boolean up;
        if (current == null) {
            up = false;
            body.put("detail", "the database is not connected yet");
        } else {
            try {
                current.summary();
                up = true;
            } catch (RuntimeException e) {
                up = false;
                body.put("detail", "the database does not answer");
            }
        }
        body.put("status", up ? "UP" : "DOWN");
        body.put("database", up ? "UP" : "DOWN");
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
