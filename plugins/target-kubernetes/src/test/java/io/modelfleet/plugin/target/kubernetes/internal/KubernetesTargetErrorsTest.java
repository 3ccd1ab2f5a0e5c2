package io.modelfleet.plugin.target.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.modelfleet.api.spi.deployment.TargetDeployment;
import io.modelfleet.api.spi.deployment.TargetModel;
import io.modelfleet.api.spi.deployment.TargetUnavailableException;
import io.modelfleet.testkit.KubernetesMockCluster;
import io.modelfleet.testkit.TestManifestSigning;

/**
 * The API server refusing or missing, with fabric8's mock server in expectations mode (only what a test expects is
 * answered) and a port nobody listens on.
 */
class KubernetesTargetErrorsTest {
    private static final TargetDeployment DEPLOYMENT = new TargetDeployment(100, 7, "camera-7", Map.of(),
            new TargetModel(31, "defects", "v1", "onnx", "ab", 10, Map.of()));
    private static final String SECRET_PATH = "/api/v1/namespaces/edge/secrets/modelfleet-edge-7";
    private static final String DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/edge/deployments/modelfleet-edge-7";

    @RegisterExtension
    final KubernetesMockCluster kube = KubernetesMockCluster.expectations();

    private KubernetesMockServer server;
    private StubFleet fleet;
    private KubernetesDeploymentTarget target;

    @BeforeEach
    void start() {
        server = kube.server();
        fleet = new StubFleet();
        target = target(server.url("/"));
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private KubernetesDeploymentTarget target(String masterUrl) {
        Map<String, Object> config = new HashMap<>();
        config.put("masterUrl", masterUrl);
        config.put("requestRetryBackoffLimit", 0);
        config.put("_oauthToken", "not-a-real-token");
        return new KubernetesDeploymentTarget(TestConfig.minimal(config), new TestManifestSigning(), fleet);
    }

    @Test
    void forbiddenNamesTheNamespaceAndThePermission() {
        server.expect().get().withPath(SECRET_PATH).andReturn(403, forbidden("secrets", "get")).always();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> target.apply(List.of(DEPLOYMENT)));
        assertTrue(e.getMessage().contains("namespace edge"), e.getMessage());
        assertTrue(e.getMessage().contains("forbidden to get secrets"), e.getMessage());
        assertTrue(e.getMessage().contains("403"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot get resource \"secrets\""), e.getMessage());
        assertTrue(fleet.issued.isEmpty(), "no credential issued for nothing");

        server.expect().get().withPath(DEPLOYMENT_PATH).andReturn(403, forbidden("deployments", "get")).always();
        IllegalStateException status = assertThrows(IllegalStateException.class,
                () -> target.status(List.of(DEPLOYMENT)));
        assertTrue(status.getMessage().contains("forbidden to get deployments.apps in namespace edge"),
                status.getMessage());
    }

    @Test
    void forbiddenToCreateTheDeployment() {
        server.expect().get().withPath(SECRET_PATH).andReturn(404, notFound()).always();
        server.expect().post().withPath("/api/v1/namespaces/edge/secrets").andReturn(201, "{}").once();
        server.expect().get().withPath(DEPLOYMENT_PATH).andReturn(404, notFound()).always();
        server.expect().post().withPath("/apis/apps/v1/namespaces/edge/deployments")
                .andReturn(403, forbidden("deployments", "create")).always();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> target.apply(List.of(DEPLOYMENT)));
        assertTrue(e.getMessage().contains("forbidden to create deployments.apps in namespace edge"), e.getMessage());
        assertEquals(1, fleet.issued.size());
    }

    @Test
    void rejectedCredentialsSaySo() {
        server.expect().get().withPath(SECRET_PATH).andReturn(401, new StatusBuilder().withCode(401)
                .withMessage("Unauthorized").build()).always();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> target.apply(List.of(DEPLOYMENT)));
        assertTrue(e.getMessage().contains("401") && e.getMessage().contains("credentials"), e.getMessage());
        assertTrue(!e.getMessage().contains("not-a-real-token"), "the token is never in a message");
    }

    @Test
    void anOverloadedServerIsUnavailable() {
        server.expect().get().withPath(SECRET_PATH).andReturn(503, new StatusBuilder().withCode(503)
                .withMessage("etcd is down").build()).always();
        TargetUnavailableException e = assertThrows(TargetUnavailableException.class,
                () -> target.apply(List.of(DEPLOYMENT)));
        assertTrue(e.getMessage().contains("503") && e.getMessage().contains("etcd is down"), e.getMessage());
    }

    @Test
    void anUnreachableServerIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        KubernetesDeploymentTarget unreachable = target("http://127.0.0.1:" + port + "/");
        try {
            TargetUnavailableException e = assertThrows(TargetUnavailableException.class,
                    () -> unreachable.apply(List.of(DEPLOYMENT)));
            assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
            assertThrows(TargetUnavailableException.class, () -> unreachable.status(List.of(DEPLOYMENT)));
            assertTrue(fleet.issued.isEmpty());
        } finally {
            unreachable.close();
        }
    }

    private static Status forbidden(String resource, String verb) {
        return new StatusBuilder().withCode(403).withReason("Forbidden").withStatus("Failure")
                .withMessage(resource + " \"modelfleet-edge-7\" is forbidden: User "
                        + "\"system:serviceaccount:modelfleet:modelfleet\" cannot " + verb + " resource \"" + resource
                        + "\" in the namespace \"edge\"")
                .build();
    }

    private static Status notFound() {
        return new StatusBuilder().withCode(404).withReason("NotFound").withStatus("Failure").withMessage("not found")
                .build();
    }
}
