package io.modelfleet.rest.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.deployment.AssignRequest;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** Direct assignment of a model version to edges, and a deployment by id. */
@Component(service = DeploymentResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DeploymentResource {
    private final DeploymentService deployments;

    @Activate
    public DeploymentResource(@Reference DeploymentService deployments) {
        this.deployments = deployments;
    }

    @POST
    @RequiresRole(Role.MANAGER)
    public Response assign(AssignRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw new InvalidInputException("the body must be {modelVersionId, edgeIds, tagKey, tagValue}");
        }
        return Response.status(201).entity(deployments.assign(request, Params.caller(security).name())).build();
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public EdgeDeployment getDeployment(@PathParam("id") String id) {
        return deployments.get(Params.pathId("deployment", id));
    }
}
