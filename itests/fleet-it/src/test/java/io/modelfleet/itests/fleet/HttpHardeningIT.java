package io.modelfleet.itests.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;
import io.modelfleet.itests.harness.RawHttp;
import io.modelfleet.itests.harness.RawHttp.Response;

/**
 * Regression tests for what an outside probe of the running server found (issue 12): every answer is the JSON error
 * body, also those Jetty gives itself; a stalled body is a 408, not a logged 500; OPTIONS and garbage edge bearers are
 * refused like everything else; the console's cookie session needs the CSRF header for changes; login throttling
 * slows the guessing address, not the account; usernames are case-insensitive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpHardeningIT {
    private static final String USER = "127.0.0.1";
    private FleetServer server;
    private int port;
    private String admin;
    private CompletableFuture<Response> stalled;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "hardening-it-" + System.nanoTime()));
        server = new FleetServer(work, "mf_it_hardening_");
        server.start();
        port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
        admin = login(USER, "admin", FleetServer.ADMIN_PASSWORD).path("token").asText();
        stalled = stallABody();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode login(String from, String username, String password) throws Exception {
        Response response = RawHttp.json(from, port, "POST", "/api/v1/auth/login",
                Api.JSON.writeValueAsString(Map.of("username", username, "password", password)));
        assertEquals(200, response.status(), response.body());
        return Api.JSON.readTree(response.body());
    }

    /** A 4xx with {"error","detail"} as JSON, a detail naming no Java class. */
    private static JsonNode assertJsonError(Response response, int status) throws Exception {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.header("Content-Type").startsWith("application/json"), response.headers().toString());
        JsonNode body = Api.JSON.readTree(response.body());
        assertFalse(body.path("error").asText().isEmpty(), response.body());
        assertFalse(body.path("detail").asText().isEmpty(), response.body());
        assertFalse(response.body().matches("(?s).*(io\\.modelfleet|java\\.|com\\.fasterxml|Exception).*"), response.body());
        return body;
    }

    @Test
    void errorsJettyAnswersItselfAreJson() throws Exception {
        String auth = "Authorization: Bearer " + admin;
        assertJsonError(RawHttp.exchange(USER, port, "GET /api/v1/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n", 10_000), 414);
        assertJsonError(RawHttp.exchange(USER, port, "GET /api/v1/edges HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n", 10_000), 431);
        assertJsonError(RawHttp.json(USER, port, "GET", "/api/v1/edges/%00", null, auth), 400);
        assertJsonError(RawHttp.json(USER, port, "GET", "/api/v1/..;/edges", null, auth), 400);
    }

    /** Started first: the connection's idle timeout is 30 s, and meanwhile the other tests go on. */
    private CompletableFuture<Response> stallABody() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttp.exchange(USER, port, "POST /api/v1/enrollment-tokens HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + admin + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"descr", 90_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aBodyThatStopsArrivingIsA408AndNotAnErrorInTheLog() throws Exception {
        JsonNode body = assertJsonError(stalled.get(), 408);
        assertEquals("request_timeout", body.path("error").asText());
        String log = Files.readString(server.home().resolve("data/log/karaf.log"));
        assertFalse(log.contains("| ERROR |"), "no ERROR logged for a client's stalled body");
    }

    @Test
    void optionsAndGarbageCredentialsAreRefusedLikeEverythingElse() throws Exception {
        Response anonymous = RawHttp.json(USER, port, "OPTIONS", "/api/v1/edges", null);
        assertJsonError(anonymous, 401);
        assertEquals(null, anonymous.header("Allow"), "no list of methods for anonymous callers");
        Response allowed = RawHttp.json(USER, port, "OPTIONS", "/api/v1/edges", null, "Authorization: Bearer " + admin);
        assertEquals(200, allowed.status());
        assertTrue(allowed.header("Allow").contains("GET"), allowed.headers().toString());

        assertEquals("unauthenticated", assertJsonError(RawHttp.json(USER, port, "POST", "/api/v1/edge/heartbeat", "{}",
                "Authorization: Bearer garbage"), 401).path("error").asText());
        assertJsonError(RawHttp.json(USER, port, "POST", "/api/v1/edge/heartbeat", "{}", "Authorization: Bearer " + admin),
                403);
        assertJsonError(RawHttp.json(USER, port, "GET", "/api/v1/datasets/1/items?minScore=NaN", null,
                "Authorization: Bearer " + admin), 400);
        assertJsonError(RawHttp.json(USER, port, "POST", "/api/v1/enrollment-tokens", "{\"ttlSeconds\":\"600\"}",
                "Authorization: Bearer " + admin), 400);
    }

    @Test
    void theConsoleSessionIsAnHttpOnlyCookieAndChangesNeedTheCsrfHeader() throws Exception {
        Response login = RawHttp.json(USER, port, "POST", "/api/v1/auth/login", Api.JSON.writeValueAsString(
                Map.of("username", "admin", "password", FleetServer.ADMIN_PASSWORD, "cookie", true)));
        assertEquals(200, login.status(), login.body());
        assertTrue(Api.JSON.readTree(login.body()).path("token").isNull(), "no token where script could read it");
        String setCookie = login.header("Set-Cookie");
        assertNotNull(setCookie);
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/api"),
                setCookie);
        String cookie = "Cookie: " + setCookie.substring(0, setCookie.indexOf(';'));

        assertEquals(200, RawHttp.json(USER, port, "GET", "/api/v1/edges", null, cookie).status(), "reads need no header");
        assertTrue(assertJsonError(RawHttp.json(USER, port, "POST", "/api/v1/enrollment-tokens", "{}", cookie), 403)
                .path("detail").asText().contains("X-ModelFleet-CSRF"));
        assertEquals(201, RawHttp.json(USER, port, "POST", "/api/v1/enrollment-tokens", "{}", cookie,
                "X-ModelFleet-CSRF: 1").status());
        Response logout = RawHttp.json(USER, port, "POST", "/api/v1/auth/logout", null, cookie, "X-ModelFleet-CSRF: 1");
        assertEquals(204, logout.status());
        assertTrue(logout.header("Set-Cookie").contains("Max-Age=0"), "the browser forgets the cookie");
        assertJsonError(RawHttp.json(USER, port, "GET", "/api/v1/edges", null, cookie), 401);
    }

    @Test
    void consoleAndApiAnswersCarryTheSecurityHeaders() throws Exception {
        Response page = RawHttp.json(USER, port, "GET", "/", null);
        assertEquals(200, page.status());
        assertEquals("no-referrer", page.header("Referrer-Policy"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"), page.headers().toString());
        Response api = RawHttp.json(USER, port, "GET", "/api/v1/health", null);
        assertEquals("no-referrer", api.header("Referrer-Policy"));
        assertEquals("nosniff", api.header("X-Content-Type-Options"));
    }

    @Test
    void guessingFromOneAddressSlowsThatAddressNotTheAccount() throws Exception {
        String password = "the-victims-password";
        assertEquals(201, RawHttp.json(USER, port, "POST", "/api/v1/users", Api.JSON.writeValueAsString(
                Map.of("username", "victim", "password", password, "role", "VIEWER")), "Authorization: Bearer " + admin)
                .status());
        String attacker = "127.0.0.2";
        for (String name : List.of("victim", "nobody-by-this-name")) {
            for (int i = 0; i < 5; i++) {
                assertJsonError(RawHttp.json(attacker, port, "POST", "/api/v1/auth/login",
                        Api.JSON.writeValueAsString(Map.of("username", name, "password", "guess-" + i))), 401);
            }
        }
        Response blocked = RawHttp.json(attacker, port, "POST", "/api/v1/auth/login",
                Api.JSON.writeValueAsString(Map.of("username", "victim", "password", password)));
        assertJsonError(blocked, 429);
        Response unknown = RawHttp.json(attacker, port, "POST", "/api/v1/auth/login",
                Api.JSON.writeValueAsString(Map.of("username", "nobody-by-this-name", "password", password)));
        assertJsonError(unknown, 429);
        assertEquals(blocked.header("Retry-After"), unknown.header("Retry-After"), "no difference for unknown users");
        assertEquals(Api.JSON.readTree(blocked.body()), Api.JSON.readTree(unknown.body()));
        // the real user, elsewhere, logs in at once, whatever the case of the name
        assertEquals("victim", login(USER, "VICTIM", password).path("username").asText());
        assertEquals(409, RawHttp.json(USER, port, "POST", "/api/v1/users", Api.JSON.writeValueAsString(
                Map.of("username", "Victim", "password", password, "role", "ADMIN")), "Authorization: Bearer " + admin)
                .status(), "usernames differing only by case are one user");
    }
}
