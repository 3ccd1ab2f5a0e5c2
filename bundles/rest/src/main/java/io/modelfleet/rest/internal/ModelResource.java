package io.modelfleet.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.model.Model;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.model.NewModelVersion;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/**
 * The model registry: models and their versions by name. Uploads are multipart/form-data: a {@code file} part (the
 * model) and optional text parts {@code version}, {@code format} and {@code metadata} (a JSON object of strings). The
 * file is streamed to a temporary file, never held in memory, and removed whatever happens. A version by id is
 * {@link ModelVersionResource}'s, direct assignment {@link DeploymentResource}'s.
 */
@Component(service = ModelResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ModelResource {
    static final int MAX_TEXT_PART = 64 * 1024;
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Double>> NUMBER_MAP = new TypeReference<>() {
    };

    private final ModelRegistry models;

    @Activate
    public ModelResource(@Reference ModelRegistry models) {
        this.models = models;
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public List<Model> listModels() {
        return models.listModels();
    }

    @GET
    @Path("{name}/versions")
    @RequiresRole(Role.VIEWER)
    public List<ModelVersion> listVersions(@PathParam("name") String name) {
        return models.listVersions(name);
    }

    @POST
    @Path("{name}/versions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequiresRole(Role.MANAGER)
    public Response upload(@PathParam("name") String name, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            InputStream body, @Context SecurityContext security) throws IOException {
        java.nio.file.Path upload = Files.createTempFile("modelfleet-upload-", ".part");
        try {
            Map<String, String> fields = new HashMap<>();
            boolean haveFile = false;
            MultipartReader reader = new MultipartReader(body, contentType);
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                if (part.name().equals("file")) {
                    if (haveFile) {
                        throw new InvalidInputException("send one 'file' part");
                    }
                    try (OutputStream out = Files.newOutputStream(upload)) {
                        // one byte over the limit is enough to know it is too large
                        reader.copyPart("file", out, models.maxArtifactBytes());
                    }
                    haveFile = true;
                } else if (List.of("version", "format", "metadata", "metrics").contains(part.name())) {
                    fields.put(part.name(), reader.readText(part.name(), MAX_TEXT_PART));
                } else {
                    throw new InvalidInputException("unknown form field '" + Params.clip(part.name())
                            + "'; expected file, version, format, metadata, metrics");
                }
            }
            if (!haveFile) {
                throw new InvalidInputException("the form has no 'file' part with the model");
            }
            NewModelVersion spec = new NewModelVersion(name, blankToNull(fields.get("version")),
                    blankToNull(fields.get("format")), parse("metadata", fields.get("metadata"), TEXT_MAP),
                    parse("metrics", fields.get("metrics"), NUMBER_MAP), null);
            ModelVersion version = models.register(spec, upload, Params.caller(security).name());
            return Response.status(201).entity(version).build();
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    private static <T> T parse(String field, String json, TypeReference<T> type) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            ModelFleetException cause = Errors.findCause(e);
            throw cause != null ? cause : new InvalidInputException(Errors.describe(e, field), Map.of(field, "a JSON object"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
