package io.modelfleet.rest.internal;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.plugin.InstalledPlugin;
import io.modelfleet.api.plugin.PluginCatalog;
import io.modelfleet.api.plugin.PluginCatalogService;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/**
 * The update center's catalog, read when asked, with what is installed; plugins are installed, updated and removed
 * through {@code /plugin-operations}.
 */
@Component(service = PluginCatalogResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/plugin-catalog")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class PluginCatalogResource {
    private final PluginCatalogService updateCenter;

    @Activate
    public PluginCatalogResource(@Reference PluginCatalogService updateCenter) {
        this.updateCenter = updateCenter;
    }

    @GET
    public PluginCatalog catalog() {
        return updateCenter.catalog();
    }

    /** Plugins installed through the update center (from the catalog or an uploaded KAR). */
    @GET
    @Path("installed")
    public List<InstalledPlugin> installed() {
        return updateCenter.installed();
    }
}
