package io.modelfleet.rest.internal;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.modelfleet.api.rest.RestApplication;

/**
 * The one JAX-RS application; resources and extensions of every bundle select it by name. The whiteboard serves it
 * (and so any resource selecting it) only while the access filter, the error mapper and the JSON provider are there:
 * no request can ever reach a resource unchecked, not even during start-up.
 */
@Component(service = Application.class)
@JaxrsName(RestApplication.NAME)
@JaxrsApplicationBase(RestApplication.BASE)
@JaxrsExtensionSelect({ "(osgi.jaxrs.name=" + AccessFilter.NAME + ")", "(osgi.jaxrs.name=" + ErrorMapper.NAME + ")",
        "(osgi.jaxrs.name=" + JsonProvider.NAME + ")" })
public final class ModelFleetApplication extends Application {
}
