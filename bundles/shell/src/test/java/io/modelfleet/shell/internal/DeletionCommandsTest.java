package io.modelfleet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.modelfleet.api.ConflictException;
import io.modelfleet.api.Page;
import io.modelfleet.api.dataset.Dataset;
import io.modelfleet.api.dataset.DatasetService;
import io.modelfleet.api.dataset.DatasetState;
import io.modelfleet.api.edge.ConnectionState;
import io.modelfleet.api.edge.DeviceInfo;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.InferenceStatus;
import io.modelfleet.api.model.ModelLineage;
import io.modelfleet.api.model.ModelRegistry;
import io.modelfleet.api.model.ModelSignature;
import io.modelfleet.api.model.ModelStage;
import io.modelfleet.api.model.ModelVersion;
import io.modelfleet.api.spi.solution.DatasetKind;

/** The deleting commands ask to type the name (or take --force), then call the service; refusals are one line. */
class DeletionCommandsTest {
    @RegisterExtension
    final ShellConsole console = new ShellConsole();
    private final List<String> calls = new ArrayList<>();
    private final List<String> prompts = new ArrayList<>();
    private RuntimeException refusal;

    private static final Edge CAMERA = new Edge(7, "camera-1", null, null, Map.of(), EdgeState.APPROVED,
            ConnectionState.ONLINE, InferenceStatus.READY, DeviceInfo.UNKNOWN, null, Instant.EPOCH, Instant.EPOCH,
            Instant.EPOCH, "admin", "admin", "edge-agent");
    private static final Dataset PARTS = new Dataset(3, "parts", null, DatasetKind.TABULAR, List.of("x"), List.of(),
            DatasetState.AVAILABLE, 10, 1, Instant.EPOCH, "alice", Instant.EPOCH);
    private static final ModelVersion DEFECTS = new ModelVersion(12, "defects", "2", "onnx", "a".repeat(64), 10,
            new ModelSignature(List.of(), List.of()), Map.of(), Map.of(), ModelStage.ARCHIVED, ModelLineage.NONE,
            Instant.EPOCH, "alice", Instant.EPOCH, "alice");

    private Object record(String name, Object[] args) {
        calls.add(name + java.util.Arrays.toString(args));
        if (refusal != null) {
            throw refusal;
        }
        return null;
    }

    private final FleetService fleet = (FleetService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { FleetService.class }, (proxy, method, args) -> switch (method.getName()) {
                case "getEdge" -> CAMERA;
                case "listTokens" -> List.of(new EnrollmentToken(4, "line 3 cameras", 3, 1,
                        Instant.now().plusSeconds(600), false, "admin", Instant.EPOCH));
                case "listEdges" -> new Page<>(List.of(CAMERA), 1, 50, 0);
                case "deleteEdge", "revokeToken" -> record(method.getName(), args);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final DatasetService datasets = (DatasetService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { DatasetService.class }, (proxy, method, args) -> switch (method.getName()) {
                case "get" -> PARTS;
                case "list" -> List.of(PARTS);
                case "delete" -> record("delete", args);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final ModelRegistry models = (ModelRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { ModelRegistry.class }, (proxy, method, args) -> switch (method.getName()) {
                case "findVersion" -> DEFECTS;
                case "deleteVersion" -> record("deleteVersion", args);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** Alice's session; whatever asks for a line gets {@code typed}. */
    private Session typing(String typed) {
        return ShellConsole.session(Map.of("USER", "alice")::get, (prompt, mask) -> {
            prompts.add(prompt);
            return typed;
        });
    }

    private void run(FleetAction command, String typed, String... args) throws Exception {
        command.session = typing(typed);
        assertTrue(new DefaultActionPreparator().prepare(command, command.session, List.of((Object[]) args)));
        command.execute();
    }

    private EdgeDeleteCommand edgeDelete() {
        EdgeDeleteCommand command = new EdgeDeleteCommand();
        command.fleet = fleet;
        return command;
    }

    @Test
    void anEdgeIsDeletedOnlyWhenItsNameIsTyped() throws Exception {
        run(edgeDelete(), "camera-2", "camera-1");
        assertEquals(List.of(), calls, "a wrong name deletes nothing");
        assertTrue(console.err().contains("Not confirmed"), console.err());
        assertEquals(List.of("Type camera-1 to confirm: "), prompts);

        run(edgeDelete(), "camera-1", "7");
        assertEquals(List.of("deleteEdge[7, false, alice]"), calls);
        assertTrue(console.out().contains("Edge 7 (camera-1) deleted; its data stays under id 7"), console.out());

        run(edgeDelete(), null, "--remove-data", "--force", "camera-1");
        assertEquals("deleteEdge[7, true, alice]", calls.get(1));
        assertEquals(2, prompts.size(), "--force asks nothing");
        assertTrue(console.out().contains("its data is being removed"), console.out());
    }

    @Test
    void aDatasetStreamsUseIsRefusedInOneLine() throws Exception {
        DatasetDeleteCommand command = new DatasetDeleteCommand();
        command.datasets = datasets;
        refusal = new ConflictException("dataset parts is used by the stream(s) line-3; delete them or point them at "
                + "another dataset first");
        run(command, "parts", "parts");
        assertEquals(List.of("delete[3, alice]"), calls);
        assertEquals(List.of("Error: dataset parts is used by the stream(s) line-3; delete them or point them at "
                + "another dataset first"), console.errors());

        refusal = null;
        DatasetDeleteCommand again = new DatasetDeleteCommand();
        again.datasets = datasets;
        run(again, null, "-f", "3");
        assertTrue(console.out().contains("Dataset 3 (parts) deleted"), console.out());
    }

    @Test
    void aModelVersionIsConfirmedByItsReference() throws Exception {
        ModelDeleteCommand command = new ModelDeleteCommand();
        command.models = models;
        run(command, "defects:2", "defects:2");
        assertEquals(List.of("deleteVersion[12, alice]"), calls);
        assertEquals(List.of("Type defects:2 to confirm: "), prompts);
        assertTrue(console.out().contains("Model version defects:2 deleted"), console.out());
    }

    @Test
    void aTokenIsRevokedByItsIdAfterConfirmation() throws Exception {
        TokenRevokeCommand command = new TokenRevokeCommand();
        command.fleet = fleet;
        run(command, "4", "4");
        assertEquals(List.of("revokeToken[4, alice]"), calls);
        assertTrue(console.out().contains("line 3 cameras") && console.out().contains("Enrollment token 4 revoked"),
                console.out());

        TokenRevokeCommand unknown = new TokenRevokeCommand();
        unknown.fleet = fleet;
        run(unknown, null, "--force", "99");
        assertEquals(1, calls.size());
        assertTrue(console.err().contains("Error: enrollment token 99 does not exist"), console.err());
    }
}
