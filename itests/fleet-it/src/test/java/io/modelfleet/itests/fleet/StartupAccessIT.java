package io.modelfleet.itests.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;

/**
 * A restart with data in the database, watched from the moment the process starts: no anonymous request may ever be
 * served (during start-up the resources used to be registered before their access filter), and once health says UP
 * every endpoint is there at once (no 404 "No service was found" while the application is still being assembled).
 */
class StartupAccessIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final List<String> READS = List.of("/api/v1/edges", "/api/v1/users", "/api/v1/datasets",
            "/api/v1/models", "/api/v1/audit", "/api/v1/streams", "/api/v1/enrollment-tokens", "/api/v1/plugins");
    private static final List<String> WRITES = List.of("/api/v1/enrollment-tokens", "/api/v1/users", "/api/v1/datasets",
            "/api/v1/deployments");
    /** After UP: every route a client may call at once, operator and edge. */
    private static final List<String> AFTER_UP = List.of("/api/v1/edges", "/api/v1/users", "/api/v1/datasets",
            "/api/v1/models", "/api/v1/streams", "/api/v1/solutions", "/api/v1/plugins", "/api/v1/openapi.json",
            "/api/v1/audit", "/api/v1/enrollment-tokens", "/api/v1/auth/me", "/api/v1/dataset-sources",
            "/api/v1/model-formats", "/api/v1/inference/results");

    @Test
    void nothingIsServedAnonymouslyWhileStartingAndEverythingIsThereOnceUp() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "startup-it-" + System.nanoTime()));
        try (FleetServer server = new FleetServer(work, "mf_it_startup_")) {
            server.start();
            Api api = server.api();
            // data worth leaking: an edge, a dataset, a token
            String secret = api.send("POST", "/api/v1/enrollment-tokens", Map.of("maxUses", 1)).body().path("secret").asText();
            Api.Reply edge = api.send("POST", "/api/v1/edge/enroll", Map.of("token", secret, "name", "leaky"));
            assertEquals(201, edge.status());
            assertEquals(201, api.send("POST", "/api/v1/datasets", Map.of("name", "secret-data", "kind", "TABULAR",
                    "columns", List.of("a"))).status());
            server.stop();

            AtomicBoolean up = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            List<String> leaks = new CopyOnWriteArrayList<>();
            List<String> improper = new CopyOnWriteArrayList<>();
            Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
            ExecutorService pollers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                int offset = p;
                running.add(pollers.submit(() -> {
                    for (int i = offset; !stop.get(); i++) {
                        boolean write = i % 3 == 0;
                        String path = write ? WRITES.get(i % WRITES.size()) : READS.get(i % READS.size());
                        HttpResponse<String> answer = answer(server.url() + path, write ? "POST" : "GET");
                        int status = answer == null ? 0 : answer.statusCode();
                        seen.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if (status >= 200 && status < 300) {
                            leaks.add((write ? "POST " : "GET ") + path + " -> " + status);
                        }
                        if (answer != null && !proper(answer)) {
                            improper.add((write ? "POST " : "GET ") + path + " -> " + status + " "
                                    + answer.headers().firstValue("Content-Type").orElse("") + " "
                                    + answer.body().substring(0, Math.min(120, answer.body().length())));
                        }
                    }
                    return null;
                }));
            }
            running.add(pollers.submit(() -> {
                while (!stop.get()) {
                    if (status(server.url() + "/api/v1/health", "GET", null) == 200) {
                        up.set(true);
                        return null;
                    }
                    Thread.sleep(20);
                }
                return null;
            }));
            server.start(); // returns once health is 200 and the admin could log in
            assertTrue(up.get() || status(server.url() + "/api/v1/health", "GET", null) == 200);
            stop.set(true);
            pollers.shutdown();
            assertTrue(pollers.awaitTermination(30, TimeUnit.SECONDS));
            for (Future<?> poller : running) {
                poller.get();
            }
            assertTrue(leaks.isEmpty(), "anonymous requests served during start-up: " + leaks);
            assertTrue(improper.isEmpty(), improper.size() + " answers during start-up that were a 5xx other than 503 "
                    + "or not the JSON error body: " + improper.subList(0, Math.min(10, improper.size())));
            int polled = seen.values().stream().mapToInt(AtomicInteger::get).sum();
            assertTrue(polled > 100, "the start-up was really watched: " + seen);
            System.out.println("Start-up watched with " + polled + " anonymous requests: " + seen);
        }
    }

    @Test
    void onceHealthSaysUpEveryEndpointIsFound() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "startup-up-it-" + System.nanoTime()));
        try (FleetServer server = new FleetServer(work, "mf_it_startup_up_")) {
            server.start();
            Api api = server.api();
            String secret = api.send("POST", "/api/v1/enrollment-tokens", Map.of("maxUses", 1)).body().path("secret").asText();
            String edgeCredential = api.send("POST", "/api/v1/edge/enroll", Map.of("token", secret, "name", "e"))
                    .body().path("credential").asText();
            server.stop();

            // the restart: the first health 200 is taken as a client waiting for UP would, then every route at once
            AtomicBoolean done = new AtomicBoolean();
            List<String> missing = new CopyOnWriteArrayList<>();
            ExecutorService watcher = Executors.newSingleThreadExecutor();
            Future<?> watching = watcher.submit(() -> {
                while (status(server.url() + "/api/v1/health", "GET", null) != 200) {
                    Thread.sleep(10);
                }
                String token = loginToken(server.url());
                for (String path : AFTER_UP) {
                    int status = status(server.url() + path, "GET", token);
                    if (status == 404 || status >= 500) {
                        missing.add("GET " + path + " -> " + status);
                    }
                }
                int heartbeat = status(server.url() + "/api/v1/edge/desired-state", "GET", edgeCredential);
                if (heartbeat == 404 || heartbeat >= 500) {
                    missing.add("GET /api/v1/edge/desired-state -> " + heartbeat);
                }
                done.set(true);
                return null;
            });
            server.start();
            watching.get(60, TimeUnit.SECONDS);
            watcher.shutdown();
            assertTrue(done.get());
            assertTrue(missing.isEmpty(), "endpoints missing right after UP: " + missing);
        }
    }

    private static String loginToken(String base) throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\""
                        + FleetServer.ADMIN_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), "login right after UP: " + login.body());
        return Api.JSON.readTree(login.body()).path("token").asText();
    }

    /**
     * While starting, the answer is 401, 503 {@code starting} or a 404 (a resource not registered yet), as the JSON
     * error body. One exception: for a moment CXF may answer its own page "No service was found." between registering
     * its servlet and the API's entrance filter being added to the same servlet context; nothing of ours runs then.
     */
    private static boolean proper(HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status >= 500 && status != 503) {
            return false;
        }
        return status < 400 || answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                || answer.body().contains("No service was found.");
    }

    /** The answer, or null while nothing listens. */
    private static HttpResponse<String> answer(String url, String method) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("{}")
                            : HttpRequest.BodyPublishers.noBody());
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The status, or 0 while nothing listens. */
    private static int status(String url, String method, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("{}")
                            : HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
