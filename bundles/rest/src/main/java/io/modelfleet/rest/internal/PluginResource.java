package io.modelfleet.rest.internal;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.modelfleet.api.plugin.PluginInfo;
import io.modelfleet.api.plugin.PluginKind;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/** Installed plugins by kind; changes as plugin bundles are installed or removed at runtime. */
@Component(service = PluginResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class PluginResource {
    private final PluginRegistry registry;

    @Activate
    public PluginResource(@Reference PluginRegistry registry) {
        this.registry = registry;
    }

    @GET
    public List<PluginInfo> list(@QueryParam("kind") String kind) {
        PluginKind selected = Params.optEnum("kind", kind, PluginKind.class);
        return selected == null ? registry.plugins() : registry.plugins(selected);
    }
}
