package io.modelfleet.itests.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The edge agent distribution as a process of its own (own unpacked home, data dir and local port), with settings of
 * {@code etc/io.modelfleet.agent.cfg} overridden per agent. Stopping or killing it keeps the data dir (identity,
 * queue, models), so a start afterwards is an agent that restarted.
 */
public final class AgentProcess implements AutoCloseable {
    private final String name;
    private final Path work;
    private final Path home;
    private final Path data;
    private final int port;
    private final Api api;
    private Process process;

    /** Unpacks the agent into {@code work/<name>} and sets the given configuration properties. */
    public AgentProcess(Path work, String name, Map<String, String> settings) throws Exception {
        this.name = name;
        this.work = work.resolve(name);
        this.home = Processes.unpack("modelfleet-edge-agent", this.work.resolve("home"));
        this.data = this.work.resolve("data");
        this.port = Processes.freePort();
        this.api = new Api("http://127.0.0.1:" + port);
        Path cfg = home.resolve("etc/io.modelfleet.agent.cfg");
        String text = Files.readString(cfg);
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String line = setting.getKey() + " = " + setting.getValue();
            String replaced = text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(setting.getKey()) + "\\s*=.*$",
                    java.util.regex.Matcher.quoteReplacement(line));
            text = replaced.equals(text) && !text.contains(line) ? text + "\n" + line + "\n" : replaced;
        }
        Files.writeString(cfg, text);
    }

    /** Starts {@code bin/modelfleet-agent run} against {@code serverUrl}; the token is used until it has enrolled. */
    public void start(String serverUrl, String token) throws Exception {
        start(serverUrl, token, Map.of());
    }

    /** As {@link #start(String, String)}, with environment variables such as {@code JAVA_OPTS}. */
    public void start(String serverUrl, String token, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/modelfleet-agent").toString(), "run",
                "--server", serverUrl, "--data", data.toString(), "--http-port", Integer.toString(port), "--name", name));
        if (token != null) {
            command.addAll(List.of("--token", token));
        }
        process = Processes.start(command, home, env, work.resolve("agent.log"));
    }

    /** SIGTERM and wait. */
    public void stop() throws InterruptedException {
        Processes.stop(process);
        process = null;
    }

    /** SIGKILL to the launcher and the JVM. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            handle.onExit().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        process = null;
    }

    public String name() {
        return name;
    }

    /** The agent's local API (predict, status, health). */
    public Api api() {
        return api;
    }

    /** {@code GET /v1/status}: name, edgeId, state, model, queued, dropped, sent, lastProblem. */
    public JsonNode status() {
        return api.get("/v1/status").body();
    }

    /** The unpacked installation: {@code bin/}, {@code etc/}, {@code system/}. */
    public Path home() {
        return home;
    }

    public Path dataDir() {
        return data;
    }

    public Path log() {
        return work.resolve("agent.log");
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
