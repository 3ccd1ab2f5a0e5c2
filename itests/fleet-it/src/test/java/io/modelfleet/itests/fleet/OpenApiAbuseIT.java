package io.modelfleet.itests.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelfleet.itests.harness.Api;
import io.modelfleet.itests.harness.FleetServer;

/**
 * Walks the server's own OpenAPI document and sends every operation what an attacker or a careless client would:
 * no credential, a role too low, an edge credential on operator endpoints and an operator's on edge endpoints, ids
 * that are not ids, malformed and wrongly typed bodies, non-finite, negative and oversized values. The server may
 * refuse all of it, but only with a JSON 4xx in its own words: never a 5xx, never a Java class name, and it stays
 * healthy. Every violation is collected, so one run shows them all.
 */
class OpenApiAbuseIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ROLE = Pattern.compile("\\(role (VIEWER|MANAGER|ADMIN)\\)");
    private static final Pattern INTERNAL = Pattern.compile("io\\.modelfleet|java\\.|javax\\.|com\\.fasterxml|Jackson|"
            + "JsonReadFeature|StreamReadConstraints|Cannot deserialize|Exception|\\tat |Source:|marker|VALUE_|START_|"
            + "TypeReference|LinkedHashMap");
    private static final List<String> BAD_IDS = List.of("abc", "-1", "0", "99999999999999999999", "1.5", "%20");
    private static final List<String> BAD_QUERY_VALUES = List.of("NaN", "Infinity", "-Infinity", "1e400", "-1", "abc",
            "99999999999999999999", "x".repeat(3000), "\uFF11\uFF12", "0x1p-1", "1d", "-999999999-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z");
    /** Query parameters with a meaning narrower than their type: values of the type that still mean nothing. */
    private static final Map<String, List<String>> OUT_OF_DOMAIN = Map.of(
            "edgeId", List.of("-1", "0"), "streamId", List.of("-1", "0"),
            "minScore", List.of("-0.5", "2", "0x1p-1"), "maxScore", List.of("-0.5", "2"),
            "lowConfidenceBelow", List.of("1.5", "-1"));
    private static final List<String> BAD_BODIES = List.of("", "not json", "{", "[]", "null", "\"text\"", "123",
            "{\"unknown-field\":1}", "[" + "[".repeat(5000) + "]".repeat(5000) + "]", "{\"a\":NaN}");

    private final List<String> violations = new ArrayList<>();
    private String base;
    private int requests;

    @Test
    void everyOperationRefusesAbuseWithAJson4xxAndTheServerStaysHealthy() throws Exception {
        try (FleetServer server = new FleetServer(Files.createDirectories(Path.of("target", "abuse-it-" + System.nanoTime())),
                "mf_it_abuse_")) {
            server.start();
            base = server.url();
            Api api = server.api();
            String admin = login("admin", FleetServer.ADMIN_PASSWORD);
            assertEquals(201, api.send("POST", "/api/v1/users", Map.of("username", "watcher", "password",
                    "watcher-password-1", "role", "VIEWER")).status());
            String viewer = login("watcher", "watcher-password-1");
            String secret = api.send("POST", "/api/v1/enrollment-tokens", Map.of("maxUses", 1)).body().path("secret").asText();
            JsonNode edge = api.send("POST", "/api/v1/edge/enroll", Map.of("token", secret, "name", "abuser")).body();
            String edgeCredential = edge.path("credential").asText();
            api.send("POST", "/api/v1/edges/" + edge.path("edgeId").asLong() + "/approve", null);
            JsonNode document = Api.JSON.readTree(send("GET", "/api/v1/openapi.json", admin, null, null).body());

            List<Operation> operations = new ArrayList<>();
            document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                    op -> operations.add(new Operation(op.getKey().toUpperCase(), "/api" + path.getKey(), op.getValue()))));
            assertTrue(operations.size() > 50, "the document lists the API: " + operations.size());

            // 1. access: who may call what, decided by the summary's role and the operation's security
            for (Operation op : operations) {
                String path = op.path("1");
                if (op.isPublic()) {
                    continue;
                }
                expect(op, "no credential", send(op.method, path, null, op.jsonBody() ? "{}" : null, null), 401);
                expect(op, "garbage bearer", send(op.method, path, "garbage", op.jsonBody() ? "{}" : null, null), 401);
                if (op.isEdge()) {
                    expect(op, "operator session on an edge endpoint", send(op.method, path, admin, "{}", null), 403);
                } else {
                    expect(op, "edge credential on an operator endpoint", send(op.method, path, edgeCredential,
                            op.jsonBody() ? "{}" : null, null), 403);
                    if (!"VIEWER".equals(op.role())) {
                        expect(op, "VIEWER on a " + op.role() + " endpoint", send(op.method, path, viewer,
                                op.jsonBody() ? "{}" : null, null), 403);
                    }
                }
            }
            // 2. input: bad ids, bad query values, bad bodies, as a caller who may call the operation
            for (Operation op : operations) {
                if (op.path.endsWith("/auth/logout")) {
                    continue; // would end the session the rest of the walk uses
                }
                String credential = op.isEdge() ? edgeCredential : op.isPublic() ? null : admin;
                if (op.path.contains("{")) {
                    for (String id : BAD_IDS) {
                        check(op, "path id '" + id + "'", send(op.method, op.path(id), credential,
                                op.jsonBody() ? "{}" : null, null));
                    }
                }
                for (JsonNode parameter : op.node.path("parameters")) {
                    if (!"query".equals(parameter.path("in").asText())) {
                        continue;
                    }
                    for (String value : OUT_OF_DOMAIN.getOrDefault(parameter.path("name").asText(), List.of())) {
                        expect(op, "query " + parameter.path("name").asText() + "=" + value, send(op.method,
                                op.path("1") + "?" + parameter.path("name").asText() + "=" + value, credential,
                                op.jsonBody() ? "{}" : null, null), 400);
                    }
                    for (String value : BAD_QUERY_VALUES) {
                        String query = "?" + parameter.path("name").asText() + "="
                                + URLEncoder.encode(value, StandardCharsets.UTF_8);
                        check(op, "query " + parameter.path("name").asText() + "=" + clip(value),
                                send(op.method, op.path("1") + query, credential, op.jsonBody() ? "{}" : null, null));
                    }
                }
                if (op.jsonBody()) {
                    expect(op, "charset=nonsense", send(op.method, op.path("1"), credential, "{}",
                            "application/json; charset=nonsense"), 415);
                    expect(op, "UTF-16 body", sendBytes(op.method, op.path("1"), credential,
                            "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_16LE)), 400);
                    for (String body : BAD_BODIES) {
                        check(op, "body " + clip(body), send(op.method, op.path("1"), credential, body, null));
                    }
                    for (String body : wrongFields(document, op)) {
                        check(op, "body " + clip(body), send(op.method, op.path("1"), credential, body, null));
                    }
                } else if (op.node.path("requestBody").path("content").has("multipart/form-data")) {
                    check(op, "multipart without boundary", send(op.method, op.path("1"), credential, "junk",
                            "multipart/form-data"));
                    for (String field : List.of("metadata", "metrics", "format", "source")) {
                        for (String value : List.of("{", "[1]", "{\"a\":[]}", "bogus", "{\"a\":1e400}")) {
                            check(op, "multipart " + field + "=" + value, send(op.method, op.path("1"), credential,
                                    form(field, value), "multipart/form-data; boundary=b"));
                        }
                    }
                    check(op, "multipart cut short", send(op.method, op.path("1"), credential,
                            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\nabc",
                            "multipart/form-data; boundary=b"));
                }
            }
            // 3. methods no operation has, on every path: JSON 405 (Jetty's own refusal of TRACE used to be empty)
            for (String path : operations.stream().map(op -> op.path("1")).distinct().toList()) {
                for (String method : List.of("TRACE")) {
                    HttpResponse<String> refused = send(method, path, admin, null, null);
                    if (refused.statusCode() != 405 || !refused.headers().firstValue("X-Content-Type-Options")
                            .orElse("").equals("nosniff")) {
                        violations.add(method + " " + path + ": " + refused.statusCode() + " " + refused.headers().map());
                    }
                    check(new Operation(method, path, Api.JSON.createObjectNode()), "method", refused);
                }
            }
            // 4. what the walk cannot know from the document: the domain of particular values
            long dataset = api.send("POST", "/api/v1/datasets", Map.of("name", "abused", "kind", "TABULAR",
                    "columns", List.of("a"))).body().path("id").asLong();
            HttpResponse<String> bogusFormat = send("POST", "/api/v1/datasets/" + dataset + "/uploads", admin,
                    form("format", "bogus"), "multipart/form-data; boundary=b");
            assertEquals(400, bogusFormat.statusCode(), "an upload naming a format there is not: " + bogusFormat.body());
            assertEquals(404, send("GET", "/api/v1/dataset-items/999999/history", admin, null, null).statusCode(),
                    "the history of an item that does not exist");
            assertEquals(200, send("GET", "/api/v1/health", null, null, null).statusCode(), "still healthy");
            System.out.println("OpenAPI abuse: " + operations.size() + " operations, " + requests + " requests, "
                    + violations.size() + " violations");
            assertTrue(violations.isEmpty(), violations.size() + " violations:\n" + String.join("\n", violations));
        }
    }

    /** For each property of the body's schema: the wrong JSON type, a non-finite or negative number, a huge string. */
    private static List<String> wrongFields(JsonNode document, Operation op) {
        JsonNode schema = op.node.path("requestBody").path("content").path("application/json").path("schema");
        if (schema.has("$ref")) {
            schema = document.at(schema.path("$ref").asText().substring(1));
        }
        if (schema.path("type").asText().equals("array") && schema.path("items").has("$ref")) {
            schema = document.at(schema.path("items").path("$ref").asText().substring(1));
        }
        List<String> bodies = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            String type = property.getValue().path("type").asText();
            List<String> values = switch (type) {
                case "integer" -> List.of("1.5", "\"60\"", "1e400", "-1", "99999999999999999999", "true");
                case "number" -> List.of("1e400", "-1e400", "\"0.5\"", "-1", "true");
                case "boolean" -> List.of("\"true\"", "1");
                case "array" -> List.of("\"x\"", "[null]", "{}");
                case "object" -> List.of("\"x\"", "[]", "{\"k\":1e400}");
                default -> List.of("12345", "{}", "\"" + "x".repeat(100_000) + "\"", "\"a\\u0000b\"", "\"0\"");
            };
            for (String value : values) {
                bodies.add("{\"" + property.getKey() + "\":" + value + "}");
            }
        }
        return bodies;
    }

    private record Operation(String method, String path, JsonNode node) {
        String path(String id) {
            return path.replaceAll("\\{[^}]+}", id);
        }

        boolean isPublic() {
            return node.has("security") && node.path("security").isEmpty();
        }

        boolean isEdge() {
            return path.startsWith("/api/v1/edge/") && !isPublic();
        }

        String role() {
            Matcher matcher = ROLE.matcher(node.path("summary").asText());
            return matcher.find() ? matcher.group(1) : "VIEWER";
        }

        boolean jsonBody() {
            return node.path("requestBody").path("content").has("application/json");
        }
    }

    private void expect(Operation op, String what, HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            violations.add(op.method + " " + op.path + " [" + what + "]: expected " + status + ", got "
                    + response.statusCode() + " " + clip(response.body()));
        }
        check(op, what, response);
    }

    /** Any status but a 5xx; an error must be the JSON body in the API's words. */
    private void check(Operation op, String what, HttpResponse<String> response) {
        int status = response.statusCode();
        String where = op.method + " " + op.path + " [" + what + "]: " + status + " ";
        if (status >= 500) {
            violations.add(where + clip(response.body()));
            return;
        }
        if (status < 400) {
            return;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            violations.add(where + "not JSON (" + type + "): " + clip(response.body()));
            return;
        }
        try {
            JsonNode body = Api.JSON.readTree(response.body());
            if (body.path("error").asText().isEmpty() || body.path("detail").asText().isEmpty()) {
                violations.add(where + "no error/detail: " + clip(response.body()));
            } else if (INTERNAL.matcher(body.path("detail").asText()).find()) {
                violations.add(where + "internal names: " + clip(body.path("detail").asText()));
            }
        } catch (Exception e) {
            violations.add(where + "unreadable JSON: " + clip(response.body()));
        }
    }

    private String login(String username, String password) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/auth/login", null,
                Api.JSON.writeValueAsString(Map.of("username", username, "password", password)), null);
        assertEquals(200, response.statusCode(), response.body());
        return Api.JSON.readTree(response.body()).path("token").asText();
    }

    private HttpResponse<String> send(String method, String path, String credential, String body, String contentType)
            throws Exception {
        requests++;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType == null ? "application/json" : contentType);
        }
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form with one text field and a small CSV file. */
    private static String form(String field, String value) {
        return "--b\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\na,label\r\n1,x\r\n--b--\r\n";
    }

    private HttpResponse<String> sendBytes(String method, String path, String credential, byte[] body) throws Exception {
        requests++;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String clip(String text) {
        String flat = text == null ? "" : text.replace('\n', ' ');
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}
