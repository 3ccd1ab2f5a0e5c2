package io.modelfleet.rest.internal;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.modelfleet.api.rest.RestApplication;

/** The one JAX-RS application; resources and extensions of every bundle select it by name. */
@Component(service = Application.class)
@JaxrsName(RestApplication.NAME)
@JaxrsApplicationBase(RestApplication.BASE)
public final class ModelFleetApplication extends Application {
}
