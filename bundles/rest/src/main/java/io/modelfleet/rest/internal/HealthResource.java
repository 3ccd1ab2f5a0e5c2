package io.modelfleet.rest.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.rest.PublicEndpoint;
import io.modelfleet.api.rest.RestApplication;

/**
 * Health for load balancers, Kubernetes probes and scripts that wait for the server. UP means ready: the database
 * answers and every API resource of ModelFleet's bundles is served, so a client that waited for UP finds every
 * endpoint. It must answer even when the database never came up, so the fleet service is optional here. {@code live}
 * answers whenever the server serves HTTP at all: a liveness probe that restarted the server while the database is down
 * would only add a restart to the outage.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApplication.SELECT)
@Path("v1/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private static final Logger LOG = LoggerFactory.getLogger(HealthResource.class);
    private static final String OWN_BUNDLES = "io.modelfleet.";

    private final BundleContext context;
    private final ServiceComponentRuntime components;
    private final JaxrsServiceRuntime jaxrs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FleetService fleet;

    @Activate
    public HealthResource(BundleContext context, @Reference ServiceComponentRuntime components,
            @Reference JaxrsServiceRuntime jaxrs) {
        this.context = context;
        this.components = components;
        this.jaxrs = jaxrs;
    }

    @GET
    @PublicEndpoint
    public Response health() {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean database = databaseUp(body);
        int pending = pendingResources();
        boolean up = database && pending == 0;
        body.put("status", up ? "UP" : "DOWN");
        body.put("database", database ? "UP" : "DOWN");
        body.put("api", pending == 0 ? "UP" : "STARTING");
        if (database && pending > 0) {
            body.put("detail", pending + " API resources are not served yet");
        }
        return Response.status(up ? 200 : 503).entity(body).build();
    }

    @GET
    @Path("live")
    @PublicEndpoint
    public Map<String, Object> live() {
        return Map.of("status", "UP");
    }

    private boolean databaseUp(Map<String, Object> body) {
        FleetService current = fleet;
        if (current == null) {
            body.put("detail", "the database is not connected yet");
            return false;
        }
        try {
            current.summary();
            return true;
        } catch (RuntimeException e) {
            body.put("detail", "the database does not answer");
            return false;
        }
    }

    /**
     * How many resource components of ModelFleet's bundles are not served by the application yet: waiting for a
     * service, failed, or registered but not (yet) taken up by the whiteboard. Components waiting for a
     * configuration (plugin instances nobody configured) do not count.
     */
    int pendingResources() {
        Set<Long> served = servedResources();
        if (served == null) {
            LOG.debug("The API application is not served yet");
            return Integer.MAX_VALUE;
        }
        int pending = 0;
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith(OWN_BUNDLES) || !isResource(description)
                    || !components.isComponentEnabled(description)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    continue;
                }
                boolean ready = (configuration.state == ComponentConfigurationDTO.ACTIVE
                        || configuration.state == ComponentConfigurationDTO.SATISFIED)
                        && served.contains(serviceId(configuration.id));
                if (!ready) {
                    LOG.debug("API resource {} is not served yet (component state {})", description.name,
                            configuration.state);
                    pending++;
                }
            }
        }
        return pending;
    }

    private Set<Long> servedResources() {
        for (ApplicationDTO application : jaxrs.getRuntimeDTO().applicationDTOs) {
            if (RestApplication.NAME.equals(application.name)) {
                Set<Long> ids = new HashSet<>();
                for (ResourceDTO resource : application.resourceDTOs) {
                    ids.add(resource.serviceId);
                }
                return ids;
            }
        }
        return null;
    }

    private static boolean isResource(ComponentDescriptionDTO description) {
        return "true".equals(String.valueOf(description.properties.get(JaxrsWhiteboardConstants.JAX_RS_RESOURCE)));
    }

    private long serviceId(long componentId) {
        try {
            ServiceReference<?>[] references = context.getServiceReferences((String) null,
                    "(" + ComponentConstants.COMPONENT_ID + "=" + componentId + ")");
            return references == null ? -1 : (Long) references[0].getProperty(Constants.SERVICE_ID);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
