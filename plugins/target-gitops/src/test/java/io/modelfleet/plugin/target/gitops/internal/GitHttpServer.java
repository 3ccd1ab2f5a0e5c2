package io.modelfleet.plugin.target.gitops.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Git's smart HTTP protocol as hosting services serve it: the JDK's HTTP server in front of {@code git http-backend}
 * (CGI), with HTTP basic authentication for pushes (and, if asked, for fetches too). Records the Authorization
 * headers it saw.
 */
final class GitHttpServer implements AutoCloseable {
    private final Path projectRoot;
    private final String user;
    private final String password;
    private final boolean authenticateReads;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    GitHttpServer(Path projectRoot, String user, String password, boolean authenticateReads) throws IOException {
        this.projectRoot = projectRoot;
        this.user = user;
        this.password = password;
        this.authenticateReads = authenticateReads;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The URL of repository {@code <projectRoot>/<name>}. */
    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            boolean push = path.endsWith("/git-receive-pack") || (query != null && query.contains("service=git-receive-pack"));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            boolean authenticated = ("Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).equals(authorization);
            if ((push || authenticateReads) && !authenticated) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
            cgi.redirectError(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = cgi.environment();
            env.put("GIT_PROJECT_ROOT", projectRoot.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", path);
            env.put("QUERY_STRING", query == null ? "" : query);
            env.put("CONTENT_LENGTH", Integer.toString(body.length));
            env.put("REMOTE_ADDR", "127.0.0.1");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            env.put("CONTENT_TYPE", contentType == null ? "" : contentType);
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null) {
                env.put("HTTP_CONTENT_ENCODING", encoding);
            }
            String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
            if (protocol != null) {
                env.put("GIT_PROTOCOL", protocol);
            }
            if (authenticated) {
                env.put("REMOTE_USER", user);
            }
            Process process = cgi.start();
            Thread writer = new Thread(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(body);
                } catch (IOException e) {
                    // the CGI stopped reading: its answer says why
                }
            });
            writer.start();
            byte[] output;
            try (InputStream out = process.getInputStream()) {
                output = out.readAllBytes();
            }
            process.waitFor();
            writer.join();
            respond(exchange, output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CGI output: header lines, an empty line, the body; {@code Status: 404 Not Found} sets the status. */
    private static void respond(HttpExchange exchange, byte[] output) throws IOException {
        int end = -1;
        int bodyStart = output.length;
        for (int i = 0; i < output.length; i++) {
            if (output[i] == '\n' && i + 1 < output.length && output[i + 1] == '\n') {
                end = i;
                bodyStart = i + 2;
                break;
            }
            if (output[i] == '\r' && i + 3 < output.length && output[i + 1] == '\n' && output[i + 2] == '\r'
                    && output[i + 3] == '\n') {
                end = i;
                bodyStart = i + 4;
                break;
            }
        }
        int status = 200;
        if (end >= 0) {
            for (String line : new String(output, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ")[0]);
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
        } else {
            status = 500;
            bodyStart = output.length;
        }
        int length = output.length - bodyStart;
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length > 0) {
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(output, bodyStart, length);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
