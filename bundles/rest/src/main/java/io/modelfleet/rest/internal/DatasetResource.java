package io.modelfleet.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetItem;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.DatasetVersion;
import io.modelfleet.api.dataset.ImportJob;
import io.modelfleet.api.dataset.ItemContent;
import io.modelfleet.api.dataset.ItemQuery;
import io.modelfleet.api.dataset.LabelChange;
import io.modelfleet.api.dataset.NewDataset;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;
import io.modelfleet.api.spi.source.DataSource;
import io.modelfleet.api.spi.source.UploadedFile;

/**
 * Datasets: create, import (an uploaded file for the local source, options for others), browse items lowest
 * confidence first, relabel, publish versions and export them as CSV.
 */
@Component(service = DatasetResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DatasetResource {
    /** Uploads larger than this are refused while streaming; the source may have a smaller limit of its own. */
    static final long MAX_UPLOAD_BYTES = 1024L * 1024 * 1024;
    /** Form fields besides file and source (import options), and the length of each. */
    static final int MAX_FORM_OPTIONS = 64;
    static final int MAX_OPTION_CHARS = 65536;

    private final DatasetService datasets;
    private final PluginRegistry plugins;

    @Activate
    public DatasetResource(@Reference DatasetService datasets, @Reference PluginRegistry plugins) {
        this.datasets = datasets;
        this.plugins = plugins;
    }

    /** Options are JSON values (or their text, converted by the source's schema). */
    public record ImportRequest(String source, Map<String, Object> options) {
    }

    /** A data source instance as the console needs it to render the import form. */
    public record DataSourceDetail(String id, String displayName, String version, String description,
            boolean acceptsUpload, JsonNode importOptionsSchema) {
    }

    public record Relabel(List<Long> itemIds, String label) {
    }

    public record Relabelled(int changed) {
    }

    @GET
    @Path("datasets")
    @RequiresRole(Role.VIEWER)
    public List<Dataset> list() {
        return datasets.list();
    }

    @POST
    @Path("datasets")
    @RequiresRole(Role.MANAGER)
    public Response create(NewDataset dataset, @Context SecurityContext security) {
        if (dataset == null) {
            throw new InvalidInputException("the body must be {name, kind, columns, labels}");
        }
        return Response.status(201).entity(datasets.create(dataset, Params.caller(security).name())).build();
    }

    @GET
    @Path("datasets/{id}")
    @RequiresRole(Role.VIEWER)
    public Dataset get(@PathParam("id") String id) {
        return datasets.get(Params.pathId("dataset", id));
    }

    /**
     * Deletes the dataset (DELETED: no longer listed, its name free again); its items and files go in the background,
     * except what training runs and model lineage still name. ADMIN: it removes data. 409 while it imports or when
     * streams train on it (naming them).
     */
    @DELETE
    @Path("datasets/{id}")
    @RequiresRole(Role.ADMIN)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        datasets.delete(Params.pathId("dataset", id), Params.caller(security).name());
        return Response.noContent().build();
    }

    @GET
    @Path("dataset-sources")
    @RequiresRole(Role.VIEWER)
    public List<String> sources() {
        return datasets.sources();
    }

    /** One source: whether it imports an upload, and its import options as a JSON Schema. */
    @GET
    @Path("dataset-sources/{id}")
    @RequiresRole(Role.VIEWER)
    public DataSourceDetail source(@PathParam("id") String id) {
        DataSource source = plugins.dataSource(id)
                .orElseThrow(() -> new NotFoundException("no data source '" + Params.clip(id) + "' is installed"));
        return new DataSourceDetail(source.descriptor().id(), source.descriptor().displayName(),
                source.descriptor().version(), source.descriptor().description(), source.acceptsUpload(),
                StreamJson.tree(source.importOptionsSchema()));
    }

    /** An import from a configured source (S3, edge data...): options say what to take. */
    @POST
    @Path("datasets/{id}/imports")
    @RequiresRole(Role.MANAGER)
    public Response startImport(@PathParam("id") String id, ImportRequest request, @Context SecurityContext security) {
        if (request == null || request.source() == null) {
            throw new InvalidInputException("the body must name the source: {source, options}");
        }
        Map<String, Object> options = request.options() == null ? Map.of() : request.options();
        return Response.status(202).entity(datasets.startImport(Params.pathId("dataset", id), request.source(), options,
                Params.caller(security).name())).build();
    }

    /**
     * A file from the operator's PC (multipart: {@code file}, optional {@code source} instance, default {@code local};
     * every other field is an import option as text, checked against the source's schema, such as {@code labelColumn},
     * {@code keyColumn} and {@code format} of the local source). It is streamed to a temporary file that the import
     * deletes when it ends.
     */
    @POST
    @Path("datasets/{id}/uploads")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequiresRole(Role.MANAGER)
    public Response upload(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            InputStream body, @Context SecurityContext security) throws IOException {
        long datasetId = Params.pathId("dataset", id);
        datasets.changeable(datasetId); // 404 unknown, 409 deleted: before the body is read
        java.nio.file.Path upload = Files.createTempFile("modelfleet-dataset-", ".upload");
        boolean handedOver = false;
        try {
            Map<String, String> options = new HashMap<>();
            String source = "local";
            boolean haveFile = false;
            String fileName = null;
            MultipartReader reader = new MultipartReader(body, contentType);
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                switch (part.name()) {
                case "file" -> {
                    try (OutputStream out = Files.newOutputStream(upload)) {
                        reader.copyPart("file", out, MAX_UPLOAD_BYTES);
                    }
                    haveFile = true;
                    fileName = baseName(part.filename());
                }
                case "source" -> source = reader.readText("source", 128).trim();
                default -> {
                    if (options.size() >= MAX_FORM_OPTIONS || part.name().length() > 128) {
                        throw new InvalidInputException("at most " + MAX_FORM_OPTIONS + " options with names up to 128 "
                                + "characters; '" + Params.clip(part.name()) + "' is one too many");
                    }
                    // blank is left out, so the source's default applies (as before for the local source's columns)
                    String value = reader.readText(part.name(), MAX_OPTION_CHARS).trim();
                    if (!value.isEmpty()) {
                        options.put(part.name(), value);
                    }
                }
                }
            }
            if (!haveFile) {
                throw new InvalidInputException("the form has no 'file' part", Map.of("file", "required"));
            }
            UploadedFile file = new UploadedFile(fileName, upload, Files.size(upload), null);
            ImportJob job = datasets.startImport(datasetId, source, options, file, Params.caller(security).name());
            handedOver = true;
            return Response.status(202).entity(job).build();
        } finally {
            if (!handedOver) {
                Files.deleteIfExists(upload);
            }
        }
    }

    /** The client's file name without any folders it sent (a hint for the source, never a path to open). */
    private static String baseName(String filename) {
        if (filename == null) {
            return null;
        }
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1).strip();
        return name.isEmpty() ? null : name.length() > 255 ? name.substring(0, 255) : name;
    }

    @GET
    @Path("imports/{id}")
    @RequiresRole(Role.VIEWER)
    public ImportJob job(@PathParam("id") String id) {
        return datasets.job(Params.pathId("import", id));
    }

    @DELETE
    @Path("imports/{id}")
    @RequiresRole(Role.MANAGER)
    public ImportJob cancel(@PathParam("id") String id, @Context SecurityContext security) {
        return datasets.cancel(Params.pathId("import", id), Params.caller(security).name());
    }

    @GET
    @Path("dataset-versions/{id}/item")
    @RequiresRole(Role.VIEWER)
    public DatasetItem versionItem(@PathParam("id") String id, @QueryParam("key") String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidInputException("key is required", Map.of("key", "the item's key"));
        }
        io.modelfleet.api.Validation.optional("key", key, 1024);
        return datasets.versionItem(Params.pathId("dataset version", id), key);
    }

    @GET
    @Path("datasets/{id}/items")
    @RequiresRole(Role.VIEWER)
    public Page<DatasetItem> items(@PathParam("id") String id, @QueryParam("label") String label,
            @QueryParam("minScore") String minScore, @QueryParam("maxScore") String maxScore,
            @QueryParam("source") String source, @QueryParam("edgeId") String edgeId,
            @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        io.modelfleet.api.Validation.optional("label", label, 256);
        io.modelfleet.api.Validation.optional("source", source, 128);
        return datasets.items(Params.pathId("dataset", id), new ItemQuery(emptyToNull(label), Params.optScore("minScore", minScore),
                Params.optScore("maxScore", maxScore), emptyToNull(source), Params.optId("edgeId", edgeId),
                PageRequest.of(Params.optInt("limit", limit), Params.optLong("offset", offset))));
    }

    private static String emptyToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    @GET
    @Path("dataset-items/{id}")
    @RequiresRole(Role.VIEWER)
    public DatasetItem item(@PathParam("id") String id) {
        return datasets.item(Params.pathId("dataset item", id));
    }

    /** The item's file (image previews); immutable, since content is stored by hash. */
    @GET
    @Path("dataset-items/{id}/content")
    @Produces({ "*/*", MediaType.APPLICATION_JSON })
    @RequiresRole(Role.VIEWER)
    public Response content(@PathParam("id") String id) throws IOException {
        ItemContent content = datasets.content(Params.pathId("dataset item", id));
        StreamingOutput body = out -> {
            try (content) {
                content.data().transferTo(out);
            }
        };
        return Response.ok(body, content.mediaType()).header(HttpHeaders.CONTENT_LENGTH, content.size())
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=86400, immutable")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @POST
    @Path("datasets/{id}/relabel")
    @RequiresRole(Role.MANAGER)
    public Relabelled relabel(@PathParam("id") String id, Relabel relabel, @Context SecurityContext security) {
        if (relabel == null) {
            throw new InvalidInputException("the body must be {itemIds, label}");
        }
        return new Relabelled(datasets.relabel(Params.pathId("dataset", id), relabel.itemIds(), relabel.label(),
                Params.caller(security).name()));
    }

    @GET
    @Path("dataset-items/{id}/history")
    @RequiresRole(Role.VIEWER)
    public List<LabelChange> history(@PathParam("id") String id) {
        return datasets.history(Params.pathId("dataset item", id));
    }

    @POST
    @Path("datasets/{id}/versions")
    @RequiresRole(Role.MANAGER)
    public Response publish(@PathParam("id") String id, @Context SecurityContext security) {
        return Response.status(201).entity(datasets.publish(Params.pathId("dataset", id), Params.caller(security).name())).build();
    }

    @GET
    @Path("datasets/{id}/versions")
    @RequiresRole(Role.VIEWER)
    public List<DatasetVersion> versions(@PathParam("id") String id) {
        return datasets.versions(Params.pathId("dataset", id));
    }

    @GET
    @Path("dataset-versions/{id}/export")
    @Produces({ "text/csv", MediaType.APPLICATION_JSON })
    @RequiresRole(Role.VIEWER)
    public Response export(@PathParam("id") String id, @QueryParam("raw") String raw) {
        long versionId = Params.pathId("dataset version", id);
        boolean exact = Params.optBoolean("raw", raw);
        datasets.version(versionId); // a 404 before the 200 starts streaming
        // by default for spreadsheets (formula cells neutralised); raw=true gives the cells exactly, for programs
        StreamingOutput csv = exact ? out -> datasets.exportCsv(versionId, out)
                : out -> datasets.exportCsvForSpreadsheets(versionId, out);
        return Response.ok(csv, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"dataset-version-" + versionId + ".csv\"").build();
    }

}
