package io.modelfleet.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.NotFoundException;
import io.modelfleet.api.agent.AgentReleaseService;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.deployment.DeploymentService;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.plugin.PluginRegistry;
import io.modelfleet.api.rest.RequiresRole;
import io.modelfleet.api.security.Role;
import io.modelfleet.rest.internal.RestCalls.Answer;

/** DELETE on edges, datasets and model versions: 204, or the service's refusal as the API's JSON error. */
class DeletionResourceTest {
    private final List<String> calls = new ArrayList<>();
    private RuntimeException refusal;

    @SuppressWarnings("unchecked")
    private <T> T service(Class<T> type) {
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> {
                    if (!method.getName().startsWith("delete")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    calls.add(method.getName() + java.util.Arrays.toString(args));
                    if (refusal != null) {
                        throw refusal;
                    }
                    return null;
                });
    }

    private final EdgeResource edges = new EdgeResource(service(FleetService.class), service(DeploymentService.class),
            service(AgentReleaseService.class));
    private final DatasetResource datasets = new DatasetResource(service(DatasetService.class),
            service(PluginRegistry.class));
    private final ModelVersionResource versions = new ModelVersionResource(service(ModelRegistry.class),
            service(DeploymentService.class), service(io.modelfleet.api.model.DriftService.class));

    @Test
    void anEdgeIsDeletedKeepingItsDataUnlessAskedAndBadInputIsA4xx() throws Exception {
        assertEquals(204, RestCalls.answer(() -> edges.delete("7", null, RestCalls.ALICE)).status());
        assertEquals(204, RestCalls.answer(() -> edges.delete("8", "true", RestCalls.ALICE)).status());
        assertEquals(List.of("deleteEdge[7, false, alice]", "deleteEdge[8, true, alice]"), calls);

        Answer bad = RestCalls.answer(() -> edges.delete("7", "maybe", RestCalls.ALICE));
        assertEquals(400, bad.status());
        assertEquals("invalid_input", bad.error());
        assertTrue(bad.detail().contains("removeData"), bad.detail());
        assertEquals(404, RestCalls.answer(() -> edges.delete("camera-1", null, RestCalls.ALICE)).status());
        assertEquals(2, calls.size(), "nothing reached the service");

        refusal = new NotFoundException("edge 9 does not exist");
        Answer missing = RestCalls.answer(() -> edges.delete("9", null, RestCalls.ALICE));
        assertEquals(404, missing.status());
        assertEquals("edge 9 does not exist", missing.detail());
    }

    @Test
    void aDatasetStreamsTrainOnIsRefusedWithA409NamingThem() throws Exception {
        assertEquals(204, RestCalls.answer(() -> datasets.delete("3", RestCalls.ALICE)).status());
        assertEquals(List.of("delete[3, alice]"), calls);
        refusal = new ConflictException("dataset parts is used by the stream(s) line-3; delete them or point them at "
                + "another dataset first");
        Answer refused = RestCalls.answer(() -> datasets.delete("3", RestCalls.ALICE));
        assertEquals(409, refused.status());
        assertEquals("conflict", refused.error());
        assertTrue(refused.detail().contains("line-3"), refused.detail());
        assertEquals(404, RestCalls.answer(() -> datasets.delete("-1", RestCalls.ALICE)).status());
    }

    @Test
    void anUploadToADeletedDatasetIsA409BeforeTheBodyIsRead() throws Exception {
        DatasetService deleted = (DatasetService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { DatasetService.class }, (proxy, method, args) -> {
                    if (method.getName().equals("changeable")) {
                        throw new ConflictException("dataset parts (3) was deleted; it takes no imports or versions");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        DatasetResource resource = new DatasetResource(deleted, service(PluginRegistry.class));
        java.io.InputStream unread = new java.io.InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body is not read");
            }
        };
        Answer refused = RestCalls.answer(() -> resource.upload("3", "multipart/form-data; boundary=XyZ", unread,
                RestCalls.ALICE));
        assertEquals(409, refused.status());
        assertTrue(refused.detail().contains("was deleted"), refused.detail());
    }

    @Test
    void aModelVersionInUseIsRefusedWithA409SayingWhy() throws Exception {
        assertEquals(204, RestCalls.answer(() -> versions.deleteVersion("12", RestCalls.ALICE)).status());
        assertEquals(List.of("deleteVersion[12, alice]"), calls);
        refusal = new ConflictException("model version defects:1 cannot be deleted: edge(s) camera-1 run it");
        Answer refused = RestCalls.answer(() -> versions.deleteVersion("12", RestCalls.ALICE));
        assertEquals(409, refused.status());
        assertTrue(refused.detail().contains("camera-1 run it"), refused.detail());
        assertEquals(404, RestCalls.answer(() -> versions.deleteVersion("x", RestCalls.ALICE)).status());
    }

    @Test
    void deletingEdgesAndDatasetsNeedsAnAdministratorAndModelVersionsAManager() throws Exception {
        assertEquals(Role.ADMIN, EdgeResource.class.getMethod("delete", String.class, String.class,
                javax.ws.rs.core.SecurityContext.class).getAnnotation(RequiresRole.class).value());
        assertEquals(Role.ADMIN, DatasetResource.class.getMethod("delete", String.class,
                javax.ws.rs.core.SecurityContext.class).getAnnotation(RequiresRole.class).value());
        assertEquals(Role.MANAGER, ModelVersionResource.class.getMethod("deleteVersion", String.class,
                javax.ws.rs.core.SecurityContext.class).getAnnotation(RequiresRole.class).value());
        assertEquals(Role.ADMIN, EnrollmentTokenResource.class.getAnnotation(RequiresRole.class).value(),
                "revoking enrollment tokens");
    }
}
