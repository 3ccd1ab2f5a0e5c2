package io.modelfleet.rest.internal;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.core.HttpHeaders;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

import io.modelfleet.api.rest.RestApplication;

/**
 * Content ETags on JSON GET responses, so the web console (and any client) can poll cheaply: a matching
 * {@code If-None-Match} gets an empty 304. Polling was chosen over server push because any replica can answer it; SSE
 * would need a cross-replica event bus for every heartbeat.
 */
@Component(service = ContainerResponseFilter.class)
@JaxrsExtension
@JaxrsApplicationSelect(RestApplication.SELECT)
public final class ETagFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) throws IOException {
        Object entity = response.getEntity();
        if (!HttpMethod.GET.equals(request.getMethod()) || response.getStatus() != 200 || entity == null
                || entity instanceof byte[] || entity instanceof String || entity instanceof java.io.InputStream
                || entity instanceof javax.ws.rs.core.StreamingOutput || !isJson(response.getMediaType())
                || response.getHeaders().containsKey(HttpHeaders.ETAG)) {
            // a resource that sets its own ETag (the edge desired state) knows better than a body hash
            return;
        }
        String etag = etag(Json.MAPPER.writeValueAsBytes(entity));
        response.getHeaders().putSingle(HttpHeaders.ETAG, etag);
        // the answer depends on the caller's credential: private, and always revalidated
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        String ifNoneMatch = request.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            response.setStatus(304);
            response.setEntity(null);
        }
    }

    /** Only JSON bodies are hashed: streams (exports, images) would have to be read twice. */
    private static boolean isJson(javax.ws.rs.core.MediaType type) {
        return type == null || type.getSubtype().equals("json") || type.getSubtype().endsWith("+json");
    }

    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
