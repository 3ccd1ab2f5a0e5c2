package io.modelfleet.rest.internal;

import static io.modelfleet.rest.internal.RestCalls.ALICE;
import static io.modelfleet.rest.internal.RestCalls.answer;
import static io.modelfleet.rest.internal.RestCalls.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.plugin.ConfigField;
import io.modelfleet.api.plugin.ConfigurableType;
import io.modelfleet.api.plugin.Option;
import io.modelfleet.api.plugin.PluginConfigurationService;
import io.modelfleet.api.plugin.PluginInstance;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.security.Role;
import io.modelfleet.rest.internal.RestCalls.Answer;

/** Plugin types and instances over HTTP: bodies as the application reads them, errors as the client sees them. */
class PluginInstanceResourceTest {
    private static final String S3 = "io.modelfleet.plugin.source.s3";

    /** Keeps instances in memory and says what it was asked; the real rules live in core. */
    private static final class FakeService implements PluginConfigurationService {
        final Map<String, PluginInstance> instances = new TreeMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public List<ConfigurableType> types() {
            return List.of(new ConfigurableType(S3, "S3 data source", null, "io.modelfleet.plugin.source.s3",
                    List.of(new ConfigField("id", "Id", "Instance id", STRING, true, List.of("s3"), List.of(), 0),
                            new ConfigField("secretKey", "Secret key", null, PASSWORD, true, List.of(), List.of(), 0),
                            new ConfigField("layout", "Layout", null, STRING, false, List.of("csv"),
                                    List.of(new Option("csv", "CSV"), new Option("folders", "Folders")), 0))));
        }

        @Override
        public List<PluginInstance> instances(String factoryPid) {
            calls.add("list " + factoryPid);
            return List.copyOf(instances.values());
        }

        @Override
        public PluginInstance get(String pid) {
            PluginInstance found = instances.get(pid);
            if (found == null) {
                throw new NotFoundException("there is no plugin instance '" + pid + "'");
            }
            return found;
        }

        @Override
        public PluginInstance create(String factoryPid, Map<String, Object> values, String actor) {
            calls.add("create " + factoryPid + " " + values + " by " + actor);
            if (values.get("secretKey") == null) {
                throw new InvalidInputException("the settings are not valid: secretKey is required",
                        Map.of("secretKey", "is required"));
            }
            Map<String, Object> shown = new LinkedHashMap<>(values);
            shown.remove("secretKey");
            PluginInstance created = new PluginInstance(factoryPid + "~" + values.get("id"), factoryPid, shown,
                    Map.of("secretKey", true));
            instances.put(created.pid(), created);
            return created;
        }

        @Override
        public PluginInstance update(String pid, Map<String, Object> values, String actor) {
            calls.add("update " + pid + " " + values + " by " + actor);
            PluginInstance current = get(pid);
            PluginInstance updated = new PluginInstance(pid, current.factoryPid(), values, current.secretsSet());
            instances.put(pid, updated);
            return updated;
        }

        @Override
        public void delete(String pid, String actor) {
            get(pid);
            calls.add("delete " + pid + " by " + actor);
            instances.remove(pid);
        }
    }

    private final FakeService service = new FakeService();
    private final PluginInstanceResource resource = new PluginInstanceResource(service);
    private final PluginTypeResource types = new PluginTypeResource(service);

    private Answer create(String json) throws Exception {
        return answer(() -> resource.create(body(PluginInstanceResource.CreateRequest.class, json), ALICE));
    }

    @Test
    void typesCarryTheirForm() throws Exception {
        Answer listed = answer(types::list);
        assertEquals(200, listed.status());
        assertEquals(S3, listed.json().get(0).path("factoryPid").asText());
        assertEquals("{\"id\":\"secretKey\",\"name\":\"Secret key\",\"description\":null,\"type\":\"PASSWORD\","
                + "\"required\":true,\"defaults\":[],\"options\":[],\"cardinality\":0}",
                listed.json().get(0).path("fields").get(1).toString(), "every field of the form and nothing more");
        assertEquals("{\"value\":\"folders\",\"label\":\"Folders\"}",
                listed.json().get(0).path("fields").get(2).path("options").get(1).toString());
    }

    @Test
    void createdInstancesAnswer201WithLocationAndNoSecret() throws Exception {
        Answer created = create("{\"factoryPid\": \"" + S3 + "\", \"values\": {\"id\": \"b1\", \"pageSize\": 500, "
                + "\"pathStyle\": true, \"labels\": [\"a\", \"b\"], \"secretKey\": \"s3cr3t\"}}");
        assertEquals(201, created.status());
        assertEquals("/api/v1/plugin-instances/" + S3 + "~b1", created.location());
        assertFalse(created.json().toString().contains("s3cr3t"), created.json().toString());
        assertTrue(created.json().path("secretsSet").path("secretKey").asBoolean());
        assertEquals(500, created.json().path("values").path("pageSize").asInt());
        assertEquals("create " + S3 + " {id=b1, pageSize=500, pathStyle=true, labels=[a, b], secretKey=s3cr3t} by alice",
                service.calls.get(0), "JSON types reach the service as such, to be checked against the form");
        assertEquals(created.json(), answer(() -> resource.get(S3 + "~b1")).json());
        assertEquals(1, answer(() -> resource.list(S3)).json().size());
        assertEquals("list " + S3, service.calls.get(service.calls.size() - 1));
        answer(() -> resource.list(" "));
        assertEquals("list null", service.calls.get(service.calls.size() - 1), "blank: every type");
    }

    @Test
    void invalidValuesAre400sNamingEachField() throws Exception {
        Answer refused = create("{\"factoryPid\": \"" + S3 + "\", \"values\": {\"id\": \"b1\"}}");
        assertEquals(400, refused.status());
        assertEquals("invalid_input", refused.error());
        assertEquals("is required", refused.json().path("fields").path("secretKey").asText());
        Answer noType = create("{\"values\": {}}");
        assertEquals(400, noType.status());
        assertEquals("is required", noType.json().path("fields").path("factoryPid").asText());
        assertTrue(noType.detail().startsWith("the body must name the plugin type"), noType.detail());
        Answer unknownField = create("{\"factoryPid\": \"" + S3 + "\", \"settings\": {}}");
        assertEquals(400, unknownField.status());
        assertTrue(unknownField.detail().startsWith("unknown field 'settings'"), unknownField.detail());
        Answer noValues = answer(() -> resource.update(S3 + "~b1", body(PluginInstanceResource.UpdateRequest.class,
                "{}"), ALICE));
        assertEquals(400, noValues.status());
        assertEquals("is required", noValues.json().path("fields").path("values").asText());
    }

    @Test
    void updateAndDeleteAddressInstancesByPid() throws Exception {
        create("{\"factoryPid\": \"" + S3 + "\", \"values\": {\"id\": \"b1\", \"secretKey\": \"s\"}}");
        Answer updated = answer(() -> resource.update(S3 + "~b1", body(PluginInstanceResource.UpdateRequest.class,
                "{\"values\": {\"id\": \"b1\", \"region\": \"eu-west-1\", \"secretKey\": null}}"), ALICE));
        assertEquals(200, updated.status());
        assertEquals("eu-west-1", updated.json().path("values").path("region").asText());
        assertTrue(service.calls.contains("update " + S3 + "~b1 {id=b1, region=eu-west-1, secretKey=null} by alice"),
                "null reaches the service, which keeps the secret: " + service.calls);
        assertEquals(204, answer(() -> resource.delete(S3 + "~b1", ALICE)).status());
        Answer gone = answer(() -> resource.get(S3 + "~b1"));
        assertEquals(404, gone.status());
        assertEquals("not_found", gone.error());
        assertEquals(404, answer(() -> resource.delete(S3 + "~b1", ALICE)).status());
    }

    @Test
    void readingNeedsViewerAndChangingNeedsAdmin() {
        for (Method method : PluginInstanceResource.class.getDeclaredMethods()) {
            RequiresRole role = method.getAnnotation(RequiresRole.class);
            if (method.isAnnotationPresent(GET.class)) {
                assertEquals(Role.VIEWER, role.value(), method.getName());
            } else if (method.isAnnotationPresent(POST.class) || method.isAnnotationPresent(PUT.class)
                    || method.isAnnotationPresent(DELETE.class)) {
                assertEquals(Role.ADMIN, role.value(), method.getName());
            }
        }
    }
}
