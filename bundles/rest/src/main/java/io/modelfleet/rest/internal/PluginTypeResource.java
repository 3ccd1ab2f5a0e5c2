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

import io.modelfleet.api.plugin.ConfigurableType;
import io.modelfleet.api.plugin.PluginConfigurationService;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.rest.RestApplication;
import io.modelfleet.api.security.Role;

/**
 * The factory-configured plugin types (data sources, training backends, deployment targets) with the form of their
 * settings, from the plugins' metatype; instances are made at {@code /plugin-instances}.
 */
@Component(service = PluginTypeResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/plugin-types")
@Produces(MediaType.APPLICATION_JSON)
public final class PluginTypeResource {
    private final PluginConfigurationService configurations;

    @Activate
    public PluginTypeResource(@Reference PluginConfigurationService configurations) {
        this.configurations = configurations;
    }

    @GET
    @RequiresRole(Role.VIEWER)
    public List<ConfigurableType> list() {
        return configurations.types();
    }
}
