package io.modelfleet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Boots the built server distribution in Karaf (one container per test class) against the machine's MariaDB, in a
 * database of its own, and talks to it over HTTP like any client would.
 */
public abstract class ServerTestSupport {
    static final String ADMIN_PASSWORD = "itest-admin-password-1";
    static final String SCRAPE_TOKEN = "itest-scrape-token";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    /** Options shared by every server test; {@code databaseUrl} null means the embedded database. */
    static Option[] serverOptions(String databaseUrl) {
        String version = System.getProperty("modelfleet.version");
        MavenArtifactUrlReference distribution = maven().groupId("io.modelfleet").artifactId("modelfleet-server")
                .version(version).type("tar.gz");
        int port = freePort();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl(distribution).name("ModelFleet")
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
                systemProperty("modelfleet.it.port").value(Integer.toString(port)),
                systemProperty("modelfleet.version").value(version),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(port)),
                editConfigurationFilePut("etc/io.modelfleet.security.cfg", ".adminPassword", ADMIN_PASSWORD),
                editConfigurationFilePut("etc/io.modelfleet.metrics.cfg", ".scrapeToken", SCRAPE_TOKEN),
                // a short flush interval so coalesced heartbeats are visible within the test
                editConfigurationFilePut("etc/io.modelfleet.fleet.cfg", "heartbeatFlushMillis", "200"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"))));
        if (databaseUrl != null) {
            options.add(editConfigurationFilePut("etc/io.modelfleet.database.cfg", "url", databaseUrl));
            options.add(editConfigurationFilePut("etc/io.modelfleet.database.cfg", "user",
                    System.getProperty("modelfleet.it.db.user", "modelfleet")));
            options.add(editConfigurationFilePut("etc/io.modelfleet.database.cfg", "password",
                    System.getProperty("modelfleet.it.db.password", "modelfleet")));
        } else {
            options.add(editConfigurationFilePut("etc/io.modelfleet.database.cfg", "embeddedPort",
                    Integer.toString(freePort())));
        }
        return options.toArray(Option[]::new);
    }

    /** A database of its own for each run, created by the driver on first connect. */
    static String freshDatabaseUrl() {
        String base = System.getProperty("modelfleet.it.db.url", "jdbc:mariadb://127.0.0.1:3306/");
        String name = "mf_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return base + name + "?createDatabaseIfNotExist=true";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + System.getProperty("modelfleet.it.port");
    }

    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        Reply expect(int expected) {
            assertEquals("HTTP status; body: " + body, expected, status);
            return this;
        }

        /** Asserts the error body shape every 4xx must have. */
        Reply expectError(int expected, String error) {
            expect(expected);
            JsonNode json = json();
            assertEquals(body, error, json.path("error").asText());
            if (json.path("detail").asText().isBlank()) {
                fail("error without detail: " + body);
            }
            return this;
        }
    }

    static Reply call(String method, String path, String bearer, Object body, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(30));
            if (headers.length > 0) {
                request.headers(headers);
            }
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Reply get(String path, String bearer) {
        return call("GET", path, bearer, null);
    }

    static Reply post(String path, String bearer, Object body) {
        return call("POST", path, bearer, body);
    }

    /** Waits for the server (and its database) to be healthy. */
    static void awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get("/api/v1/health", null);
                if (last.status() == 200 && call("POST", "/api/v1/auth/login", null,
                        "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYetListening) {
                // the HTTP port opens a little after the container starts
            }
            Thread.sleep(250);
        }
        fail("server not healthy in time; last answer: " + (last == null ? "none" : last.status() + " " + last.body()));
    }

    static String login(String username, String password) {
        return post("/api/v1/auth/login", null, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .expect(200).json().path("token").asText();
    }

    /** Runs a shell command in-process, as the console would, and returns what it printed. */
    /**
     * Karaf's FeaturesService ({@code installFeature} or {@code uninstallFeature}), called by name: the in-process
     * shell session has no feature commands. Without refreshing bundles, as operators install plugins.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    void features(String method, String feature) throws Exception {
        Object service = bundleContext.getService(bundleContext.getServiceReference("org.apache.karaf.features.FeaturesService"));
        Class options = service.getClass().getClassLoader().loadClass("org.apache.karaf.features.FeaturesService$Option");
        service.getClass().getMethod(method, String.class, java.util.EnumSet.class).invoke(service, feature,
                java.util.EnumSet.of(Enum.valueOf(options, "NoAutoRefreshBundles")));
    }

    /** What a ModelFleet administrator logged in to the console has (see ShellLoginModule). */
    private static final javax.security.auth.Subject ADMIN = new javax.security.auth.Subject();

    static {
        ADMIN.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal("it-admin"));
        for (String role : java.util.List.of("fleet-admin", "fleet-manager", "fleet-viewer", "admin", "manager", "viewer")) {
            ADMIN.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal(role));
        }
    }

    String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new java.io.ByteArrayInputStream(new byte[0]), out, out);
        try {
            // as an administrator of the console: the fleet command ACL checks the caller's roles
            Object result = javax.security.auth.Subject.doAs(ADMIN,
                    (java.security.PrivilegedExceptionAction<Object>) () -> session.execute(command));
            if (result != null) {
                out.println(result);
            }
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
