package io.modelfleet.api.rest;

/** The one JAX-RS whiteboard application every ModelFleet resource selects. */
public final class RestApplication {
    public static final String NAME = "modelfleet";
    /** Value for {@code osgi.jaxrs.application.select} on resources and extensions. */
    public static final String SELECT = "(osgi.jaxrs.name=" + NAME + ")";
    /** Base path of the application; resources add {@code v1/...}. */
    public static final String BASE = "/api";

    private RestApplication() {
    }
}
