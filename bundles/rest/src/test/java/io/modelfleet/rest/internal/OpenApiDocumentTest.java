package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.api.rest.EdgeEndpoint;
import io.modelfleet.api.rest.PublicEndpoint;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.edge.gateway.internal.EdgeProtocolResource;

/** The served OpenAPI document must describe exactly the operations the resource classes implement. */
class OpenApiDocumentTest {
    static final List<Class<?>> RESOURCES = List.of(HealthResource.class, AuthResource.class, EdgeResource.class,
            EnrollmentTokenResource.class, InferenceResource.class, UserResource.class, AuditResource.class,
            PluginResource.class, OpenApiResource.class, EdgeProtocolResource.class, ModelResource.class,
            ModelVersionResource.class, DeploymentResource.class, ModelFormatResource.class, DatasetResource.class,
            SolutionResource.class, StreamResource.class, TrainingRunResource.class, RolloutResource.class,
            AgentReleaseResource.class, AgentSettingsResource.class, PluginTypeResource.class,
            PluginInstanceResource.class, PluginCatalogResource.class, PluginOperationResource.class,
            AlertResource.class, AlertRuleResource.class, ChannelResource.class, NotificationResource.class,
            DirectoryResource.class, RetrainingResource.class, SummaryResource.class);
    private static final Map<Class<? extends java.lang.annotation.Annotation>, String> VERBS = Map.of(GET.class, "get",
            POST.class, "post", PUT.class, "put", PATCH.class, "patch", DELETE.class, "delete");

    @Test
    void documentMatchesTheResourceClasses() throws Exception {
        assertEquals(implementedOperations(), documentedOperations());
    }

    @Test
    void everyOperationDeclaresAnAccessPolicy() {
        for (Class<?> resource : RESOURCES) {
            for (Method method : resource.getDeclaredMethods()) {
                if (verb(method) == null) {
                    continue;
                }
                boolean declared = method.isAnnotationPresent(PublicEndpoint.class)
                        || method.isAnnotationPresent(EdgeEndpoint.class) || method.isAnnotationPresent(RequiresRole.class)
                        || resource.isAnnotationPresent(RequiresRole.class);
                assertTrue(declared, resource.getSimpleName() + "." + method.getName() + " has no access annotation");
            }
        }
    }

    @Test
    void onlyHealthLoginAndEnrollArePublic() {
        Set<String> publicOps = new TreeSet<>();
        for (Class<?> resource : RESOURCES) {
            for (Method method : resource.getDeclaredMethods()) {
                if (verb(method) != null && method.isAnnotationPresent(PublicEndpoint.class)) {
                    publicOps.add(operation(resource, method));
                }
            }
        }
        assertEquals(Set.of("get /v1/health", "get /v1/health/live", "post /v1/auth/login", "post /v1/edge/enroll"),
                publicOps);
    }

    private static Set<String> implementedOperations() {
        Set<String> operations = new TreeSet<>();
        for (Class<?> resource : RESOURCES) {
            for (Method method : resource.getDeclaredMethods()) {
                if (verb(method) != null) {
                    operations.add(operation(resource, method));
                }
            }
        }
        return operations;
    }

    private static String operation(Class<?> resource, Method method) {
        String path = "/" + resource.getAnnotation(Path.class).value();
        Path sub = method.getAnnotation(Path.class);
        if (sub != null) {
            path += "/" + sub.value();
        }
        return verb(method) + " " + path;
    }

    private static String verb(Method method) {
        return VERBS.entrySet().stream().filter(e -> method.isAnnotationPresent(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static Set<String> documentedOperations() throws Exception {
        JsonNode doc;
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            doc = Json.MAPPER.readTree(in);
        }
        assertEquals("/api", doc.path("servers").path(0).path("url").asText());
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(verb -> operations.add(verb.toLowerCase(Locale.ROOT) + " " + path.getKey()));
        }
        return operations;
    }
}
