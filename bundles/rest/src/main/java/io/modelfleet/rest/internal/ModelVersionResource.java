package io.modelfleet.rest.internal;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
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
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.deployment.EdgeDeployment;
import io.modelfleet.api.model.DriftQuery;
import io.modelfleet.api.model.DriftReport;
import io.modelfleet.api.model.DriftService;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** A model version by id: read it, move it through its stages, list where it is deployed. */
@Component(service = ModelVersionResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/model-versions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ModelVersionResource {
    private final ModelRegistry models;
    private final DeploymentService deployments;
    private final DriftService drift;

    @Activate
    public ModelVersionResource(@Reference ModelRegistry models, @Reference DeploymentService deployments,
            @Reference DriftService drift) {
        this.drift = drift;
        this.models = models;
        this.deployments = deployments;
    }

    public record StageChange(ModelStage stage) {
    }

    @GET
    @Path("{id}")
    @RequiresRole(Role.VIEWER)
    public ModelVersion getVersion(@PathParam("id") String id) {
        return models.getVersion(Params.pathId("model version", id));
    }

    /**
     * Deletes a version nothing uses: 409 naming why when an edge runs it or has it assigned, a deployment of it is
     * under way, an unfinished rollout delivers it or would roll back to it, or it is the model's only version.
     */
    @DELETE
    @Path("{id}")
    @RequiresRole(Role.MANAGER)
    public Response deleteVersion(@PathParam("id") String id, @Context SecurityContext security) {
        models.deleteVersion(Params.pathId("model version", id), Params.caller(security).name());
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/stage")
    @RequiresRole(Role.MANAGER)
    public ModelVersion setStage(@PathParam("id") String id, StageChange change, @Context SecurityContext security) {
        if (change == null || change.stage() == null) {
            throw new InvalidInputException("stage is required: CANDIDATE, APPROVED, DEPLOYED or ARCHIVED");
        }
        return models.setStage(Params.pathId("model version", id), change.stage(), Params.caller(security).name());
    }

    @GET
    @Path("{id}/drift")
    @RequiresRole(Role.VIEWER)
    public DriftReport drift(@PathParam("id") String id, @QueryParam("windowMinutes") String windowMinutes,
            @QueryParam("tagKey") String tagKey, @QueryParam("tagValue") String tagValue,
            @QueryParam("psiThreshold") String psiThreshold, @QueryParam("alpha") String alpha,
            @QueryParam("minLive") String minLive) {
        long versionId = Params.pathId("model version", id);
        return drift.drift(versionId, new DriftQuery(Params.optInt("windowMinutes", windowMinutes),
                blankToNull(tagKey), blankToNull(tagValue), Params.optDouble("psiThreshold", psiThreshold),
                Params.optDouble("alpha", alpha), Params.optInt("minLive", minLive)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @GET
    @Path("{id}/deployments")
    @RequiresRole(Role.VIEWER)
    public List<EdgeDeployment> versionDeployments(@PathParam("id") String id) {
        long versionId = Params.pathId("model version", id);
        models.getVersion(versionId);
        return deployments.forModelVersion(versionId);
    }
}
