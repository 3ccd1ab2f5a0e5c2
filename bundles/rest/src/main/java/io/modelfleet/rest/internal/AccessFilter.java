package io.modelfleet.rest.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.concurrent.Semaphore;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.modelfleet.api.AccessDeniedException;
import io.modelfleet.api.ModelFleetException;
import io.modelfleet.api.TooManyRequestsException;
import io.modelfleet.api.UnauthenticatedException;
import io.modelfleet.api.edge.EdgeIdentity;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.metrics.Metrics;
import io.modelfleet.api.rest.EdgeEndpoint;
import io.modelfleet.api.rest.Ingest;
import io.modelfleet.api.rest.PublicEndpoint;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.security.Caller;
import io.modelfleet.api.security.UserService;

/**
 * Authentication and authorization for every resource of the application, decided by the resource method's access
 * annotation. A method with none is refused: access is granted explicitly or not at all. Also times each request for
 * the request latency histogram, labelled by route template rather than raw path to keep label sets small.
 */
@Component(service = { ContainerRequestFilter.class, ContainerResponseFilter.class },
        configurationPid = RestConfiguration.PID)
@Designate(ocd = RestConfiguration.class)
@JaxrsExtension
@JaxrsName(AccessFilter.NAME)
@JaxrsApplicationSelect(io.modelfleet.api.rest.RestApplication.SELECT)
public final class AccessFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** The application requires this extension by name: without it nothing of the API is served. */
    static final String NAME = "modelfleet.access";
    private static final String STARTED = "modelfleet.started";
    private static final String PERMIT = "modelfleet.permit";
    static final String SESSION_PREFIX = "mfs_";
    static final String EDGE_PREFIX = "mfc_";
    static final String CSRF_HEADER = "X-ModelFleet-CSRF";

    private final Metrics metrics;
    // Optional so that the filter (and with it the application and health) is there before the database is: until
    // users and edges can be checked, everything but public endpoints is refused with 503.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UserService users;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FleetService fleet;

    @Context
    private ResourceInfo resourceInfo;

    // admission: a permit per request being handled, taken after authentication and given back by the response
    // filter, which runs for every answer, mapped errors included
    private volatile Limits limits;

    private record Limits(Semaphore requests, Semaphore ingest) {
        Limits(RestConfiguration config) {
            this(new Semaphore(positive("maxConcurrentRequests", config.maxConcurrentRequests())),
                    new Semaphore(positive("maxConcurrentIngest", config.maxConcurrentIngest())));
        }
    }

    @Activate
    public AccessFilter(@Reference Metrics metrics, RestConfiguration config) {
        this.metrics = metrics;
        this.limits = new Limits(config);
    }

    /**
     * New limits, without a new filter: a new instance would make the whiteboard take the whole application down and
     * rebuild it (it requires this filter), so for a moment no endpoint would be there. Requests in flight give their
     * permit back to the semaphore they took it from.
     */
    @Modified
    void modified(RestConfiguration config) {
        this.limits = new Limits(config);
    }

    private static int positive(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " in " + RestConfiguration.PID + " must be at least 1");
        }
        return value;
    }

    /** Past the limit the answer comes at once, with Retry-After: a queue would only turn overload into timeouts. */
    private void admit(ContainerRequestContext request, Method method) {
        boolean bulk = method.isAnnotationPresent(Ingest.class);
        Limits current = limits;
        Semaphore limit = bulk ? current.ingest() : current.requests();
        if (!limit.tryAcquire()) {
            metrics.increment("modelfleet_http_requests_shed_total", "Requests refused at the admission limit", 1,
                    "limit", bulk ? "ingest" : "requests");
            throw bulk ? new TooManyRequestsException("the server is taking in as many batches as it can; "
                    + "send this one again shortly", 1)
                    : ServiceUnavailableException.busy("the server is handling as many requests as it can; try again shortly");
        }
        request.setProperty(PERMIT, limit);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
        Method method = resourceInfo.getResourceMethod();
        if (method == null) {
            return; // no match: JAX-RS answers 404/405 itself (OPTIONS: see the response filter)
        }
        Class<?> resource = resourceInfo.getResourceClass();
        if (annotated(PublicEndpoint.class, method, resource)) {
            return;
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        if (annotated(EdgeEndpoint.class, method, resource)) {
            String credential = bearer(request);
            if (credential.startsWith(SESSION_PREFIX)) {
                throw new AccessDeniedException("the edge protocol needs an edge credential, not an operator session");
            }
            if (!credential.startsWith(EDGE_PREFIX)) {
                throw new UnauthenticatedException("not an edge credential");
            }
            EdgeIdentity edge = available(fleet).authenticateEdge(credential);
            request.setSecurityContext(new CallerSecurityContext(Caller.edge(edge.edgeId()), edge.state(), secure));
            admit(request, method);
            return;
        }
        RequiresRole required = method.isAnnotationPresent(RequiresRole.class) ? method.getAnnotation(RequiresRole.class)
                : resource.getAnnotation(RequiresRole.class);
        if (required == null) {
            throw new AccessDeniedException("this endpoint declares no access policy");
        }
        String token = operatorCredential(request);
        if (token.startsWith(EDGE_PREFIX)) {
            throw new AccessDeniedException("edge credentials cannot call operator endpoints");
        }
        Caller caller = available(users).authenticate(token);
        if (!caller.role().includes(required.value())) {
            throw new AccessDeniedException("this needs the " + required.value() + " role; '" + caller.name()
                    + "' has " + caller.role());
        }
        request.setSecurityContext(new CallerSecurityContext(caller, null, secure));
        admit(request, method);
    }

    /** Any valid credential, operator or edge. */
    private void authenticateAny(ContainerRequestContext request) {
        String credential = operatorCredential(request);
        if (credential.startsWith(EDGE_PREFIX)) {
            available(fleet).authenticateEdge(credential);
        } else {
            available(users).authenticate(credential);
        }
    }

    private static <S> S available(S service) {
        if (service == null) {
            throw ServiceUnavailableException.starting();
        }
        return service;
    }

    private static boolean annotated(Class<? extends java.lang.annotation.Annotation> annotation, AnnotatedElement method,
            AnnotatedElement resource) {
        return method.isAnnotationPresent(annotation) || resource.isAnnotationPresent(annotation);
    }

    /**
     * The bearer token, or else the console's session cookie. The cookie is HttpOnly and SameSite=Strict; a request
     * that changes something must also carry {@value #CSRF_HEADER}, which a page of another site cannot add
     * without a CORS preflight this API never grants.
     */
    static String operatorCredential(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Cookie cookie = request.getCookies().get(SessionCookie.NAME);
        if ((header == null || header.isBlank()) && cookie != null && !cookie.getValue().isBlank()) {
            String method = request.getMethod();
            boolean safe = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
            String csrf = request.getHeaderString(CSRF_HEADER);
            if (!safe && (csrf == null || csrf.isBlank())) {
                throw new AccessDeniedException("a console request that changes something must carry the "
                        + CSRF_HEADER + " header");
            }
            return cookie.getValue();
        }
        return bearer(request);
    }

    static String bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new UnauthenticatedException("missing credential: send 'Authorization: Bearer <token>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new UnauthenticatedException("the Authorization header must use the Bearer scheme");
        }
        return header.substring(7).trim();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        // request properties are the servlet request's attributes: tells the entrance filter the application answered
        request.setProperty(ApiEntranceFilter.ANSWERED, Boolean.TRUE);
        if (request.getProperty(PERMIT) instanceof Semaphore permit) {
            request.removeProperty(PERMIT);
            permit.release();
        }
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        response.getHeaders().putSingle("Referrer-Policy", "no-referrer");
        if (HttpMethod.OPTIONS.equals(request.getMethod()) && resourceInfo.getResourceMethod() == null) {
            // the runtime answers OPTIONS itself, before any request filter, with the methods a path allows: that
            // tells what exists, so only to callers who could call something
            try {
                authenticateAny(request);
            } catch (ModelFleetException e) {
                response.getHeaders().remove(HttpHeaders.ALLOW);
                response.setStatus(e.httpStatus());
                response.setEntity(new Errors.Body(e.error(), e.detail()), new java.lang.annotation.Annotation[0],
                        javax.ws.rs.core.MediaType.APPLICATION_JSON_TYPE);
            }
        }
        Object started = request.getProperty(STARTED);
        if (started instanceof Long start) {
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.observe("modelfleet_http_request_duration_seconds", "HTTP request latency by route", seconds,
                    "method", request.getMethod(), "route", route(), "status", (response.getStatus() / 100) + "xx");
        }
    }

    private String route() {
        Method method = resourceInfo.getResourceMethod();
        if (method == null) {
            return "unmatched";
        }
        Path classPath = resourceInfo.getResourceClass().getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        return "/api/" + (classPath == null ? "" : strip(classPath.value()))
                + (methodPath == null ? "" : "/" + strip(methodPath.value()));
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
