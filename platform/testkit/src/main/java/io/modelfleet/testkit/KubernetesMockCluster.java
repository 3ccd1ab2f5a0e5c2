package io.modelfleet.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

/**
 * A Kubernetes API server for tests of plugins that work on a cluster (deployment targets, training backends): fabric8's
 * mock server, fresh for each test, as a JUnit 5 extension ({@code @RegisterExtension}). {@link #crud()} answers like a
 * real API server (objects created can be read, listed, patched and deleted) and also whatever a test expects
 * ({@code server().expect()}); {@link #expectations()} answers only what a test expects. The plugin reaches it through
 * {@link #url()} as its {@code masterUrl}; {@link #client()} is an independent client over the JDK HTTP client (the one
 * the plugins use) that plays the cluster's controllers. The mock's request log is kept at WARNING. The module
 * declares {@code io.fabric8:kubernetes-server-mock}, {@code kubernetes-client} and {@code kubernetes-httpclient-jdk}
 * with test scope.
 */
public final class KubernetesMockCluster implements BeforeEachCallback, AfterEachCallback {
    /** Held so that the level sticks: the mock server logs every request at INFO. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final boolean crud;
    private KubernetesMockServer server;
    private KubernetesClient client;

    private KubernetesMockCluster(boolean crud) {
        this.crud = crud;
    }

    /** A server answering like a real one, plus expectations. */
    public static KubernetesMockCluster crud() {
        return new KubernetesMockCluster(true);
    }

    /** A server answering only what a test expects. */
    public static KubernetesMockCluster expectations() {
        return new KubernetesMockCluster(false);
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        MOCK_LOG.setLevel(Level.WARNING);
        if (crud) {
            Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
            server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                    new KubernetesMixedDispatcher(responses), false);
        } else {
            server = new KubernetesMockServer(false);
        }
        server.init();
        client = server.createClient(new JdkHttpClientFactory());
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        client.close();
        server.destroy();
    }

    /** The mock server, for expectations and for the requests it received. */
    public KubernetesMockServer server() {
        return server;
    }

    /** A client of the mock server, independent of the plugin's. */
    public KubernetesClient client() {
        return client;
    }

    /** The API server's URL: the plugin's {@code masterUrl}. */
    public String url() {
        return server.url("/");
    }
}
